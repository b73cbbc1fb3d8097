/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * View-store contract cases: commits apply row upserts and deletes with the checkpoint, atomically;
 * several batches in one commit; checkpoints kept when a batch has none; positions as exact bigints.
 */
import { expect, it } from 'vitest';
import type { JsonObject } from '../../core/index.ts';
import type { ProjectionCommit, RowChange, ViewStore } from '../../engine/ports/view-store.ts';
import type { ViewContractContext } from './view-store-context.ts';
import { batchAt, batchOnly, keysOf, put, remove } from './view-store-context.ts';

/** Registers the commit cases. */
export function viewCommitCases(ctx: ViewContractContext): void {
  it('starts empty: no rows, no checkpoint', async () => {
    const views = ctx.views();
    expect(await views.get('orders', 'o-1')).toBeUndefined();
    expect(await views.checkpoint('p')).toBeUndefined();
    expect(await views.query('orders')).toEqual({ rows: [], total: 0 });
    expect((await views.getMany('orders', ['o-1'])).size).toBe(0);
  });

  it('applies upserts and deletes and moves the checkpoint', async () => {
    const views = ctx.views();
    const before = Date.now();
    await views.commit([
      batchAt('p', 3n, [
        put('orders', 'o-1', { total: 10 }, { partition: 'shop', owner: 'alice' }),
        put('orders', 'o-2', { total: 20 }),
        put('orders', 'o-3', { total: 30 }, { partition: null, owner: null }),
      ]),
    ]);
    expect(await views.get('orders', 'o-1')).toEqual({
      view: 'orders',
      key: 'o-1',
      partition: 'shop',
      owner: 'alice',
      row: { total: 10 },
    });
    // Partition and owner default to null.
    expect(await views.get('orders', 'o-2')).toEqual({
      view: 'orders',
      key: 'o-2',
      partition: null,
      owner: null,
      row: { total: 20 },
    });
    const checkpoint = await views.checkpoint('p');
    expect(checkpoint?.checkpoint).toBe('cp-3');
    expect(checkpoint?.position).toBe(3n);
    const updated = Date.parse(checkpoint?.updatedAt ?? '');
    expect(checkpoint?.updatedAt).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
    );
    expect(updated).toBeGreaterThanOrEqual(before - 5_000);
    expect(updated).toBeLessThanOrEqual(Date.now() + 5_000);

    await views.commit([
      batchAt('p', 7n, [
        put('orders', 'o-1', { total: 11, note: 'changed' }, { partition: 'outlet' }),
        remove('orders', 'o-2'),
        remove('orders', 'never-there'),
      ]),
    ]);
    // An upsert replaces the row and its partition and owner (owner absent: null).
    expect(await views.get('orders', 'o-1')).toEqual({
      view: 'orders',
      key: 'o-1',
      partition: 'outlet',
      owner: null,
      row: { total: 11, note: 'changed' },
    });
    expect(await views.get('orders', 'o-2')).toBeUndefined();
    expect(await keysOf(views, 'orders')).toEqual(['o-1', 'o-3']);
    expect((await views.checkpoint('p'))?.position).toBe(7n);
    expect((await views.checkpoint('p'))?.checkpoint).toBe('cp-7');
  });

  it('keeps the checkpoint when a batch has none', async () => {
    const views = ctx.views();
    await views.commit([batchAt('p', 5n, [put('v', 'a', { n: 1 })])]);
    await views.commit([batchOnly('p', [put('v', 'b', { n: 2 })])]);
    await views.commit([batchOnly('q', [put('v', 'c', { n: 3 })])]);
    expect(await keysOf(views, 'v')).toEqual(['a', 'b', 'c']);
    expect((await views.checkpoint('p'))?.checkpoint).toBe('cp-5');
    expect((await views.checkpoint('p'))?.position).toBe(5n);
    expect(await views.checkpoint('q')).toBeUndefined();
  });

  it('commits several batches of several projections in one call, later changes winning', async () => {
    const views = ctx.views();
    await views.commit([batchOnly('p', [put('v', 'gone', { n: 0 })])]);
    await views.commit([
      batchAt('p', 1n, [
        put('v', 'k', { n: 1 }),
        put('v', 'gone', { n: 1 }),
        put('w', 'x', { n: 1 }),
      ]),
      batchAt('q', 9n, [put('other', 'k', { q: true })]),
      batchAt('p', 2n, [put('v', 'k', { n: 2 }), remove('v', 'gone'), remove('w', 'x')]),
      batchOnly('p', [put('w', 'x', { n: 3 }), put('v', 'back', { n: 3 }), remove('v', 'back')]),
      // The same key twice in one batch: the last change wins.
      batchOnly('q', [put('other', 'twice', { n: 1 }), put('other', 'twice', { n: 2 })]),
    ]);
    expect((await views.get('v', 'k'))?.row).toEqual({ n: 2 });
    expect(await views.get('v', 'gone')).toBeUndefined();
    expect(await views.get('v', 'back')).toBeUndefined();
    expect((await views.get('w', 'x'))?.row).toEqual({ n: 3 });
    expect((await views.get('other', 'twice'))?.row).toEqual({ n: 2 });
    expect((await views.get('other', 'k'))?.row).toEqual({ q: true });
    // The last checkpoint of each projection in the call is the one kept.
    expect((await views.checkpoint('p'))?.checkpoint).toBe('cp-2');
    expect((await views.checkpoint('p'))?.position).toBe(2n);
    expect((await views.checkpoint('q'))?.position).toBe(9n);
  });

  it('accepts an empty commit and a batch without changes that only moves the checkpoint', async () => {
    const views = ctx.views();
    await views.commit([]);
    await views.commit([batchAt('p', 4n, [])]);
    expect((await views.checkpoint('p'))?.position).toBe(4n);
    // A checkpoint may also move back (a rebuild restarts from the beginning).
    await views.commit([batchAt('p', 2n, [])]);
    expect((await views.checkpoint('p'))?.position).toBe(2n);
  });

  it('round-trips positions as exact bigints and checkpoints as exact strings', async () => {
    const views = ctx.views();
    const positions = [0n, 1n, 2n ** 53n + 1n, 2n ** 60n, 2n ** 63n - 1n];
    for (const [index, position] of positions.entries()) {
      const checkpoint = `${(2n ** 64n - 1n).toString()}:${position.toString()}/é✓${index}`;
      await views.commit([{ projection: `p${index}`, checkpoint, position, changes: [] }]);
      const stored = await views.checkpoint(`p${index}`);
      expect(typeof stored?.position).toBe('bigint');
      expect(stored?.position).toBe(position);
      expect(stored?.checkpoint).toBe(checkpoint);
    }
  });

  it('rolls back the whole commit when a row cannot be stored as JSON', async () => {
    const views = ctx.views();
    await seed(views);
    const unstorable = { amount: 10n } as unknown as JsonObject;
    await expect(
      views.commit([
        batchOverSeed(put('v', 'z', { n: 26 })),
        batchAt('q', 30n, [put('w', 'x', { n: 'new' })]),
        batchOnly('p', [
          put('v', 'c', { n: 'new' }),
          put('v', 'bad', unstorable),
          put('v', 'd', { n: 4 }),
        ]),
      ]),
    ).rejects.toThrow();
    await expectSeedIntact(views);
  });

  it('rolls back the whole commit when serialising a row throws midway', async () => {
    const views = ctx.views();
    await seed(views);
    const failing = {
      toJSON(): never {
        throw new Error('forced failure while storing a row');
      },
    } as unknown as JsonObject;
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    await expect(
      views.commit([
        batchOverSeed(put('v', 'y', { n: 25 })),
        batchAt('p', 21n, [put('v', 'x', { n: 24 }), put('v', 'failing', failing)]),
      ]),
    ).rejects.toThrow('forced failure while storing a row');
    await expectSeedIntact(views);
    await expect(
      views.commit([
        batchAt('q', 31n, [put('w', 'x', { n: 'new' }), put('w', 'cyclic', cyclic as JsonObject)]),
      ]),
    ).rejects.toThrow();
    await expectSeedIntact(views);
    // The store still works after a failed commit.
    await views.commit([batchAt('p', 22n, [put('v', 'a', { n: 'after' })])]);
    expect((await views.get('v', 'a'))?.row).toEqual({ n: 'after' });
    expect((await views.checkpoint('p'))?.position).toBe(22n);
  });

  it('stores copies: changing a committed or a returned row changes nothing stored', async () => {
    const views = ctx.views();
    const row = { items: [{ sku: 'A', qty: 1 }], note: 'original' };
    await views.commit([batchOnly('p', [put('v', 'k', row)])]);
    row.note = 'mutated after commit';
    row.items[0]!.qty = 99;
    const first = await views.get('v', 'k');
    expect(first?.row).toEqual({ items: [{ sku: 'A', qty: 1 }], note: 'original' });
    try {
      (first!.row as Record<string, unknown>)['note'] = 'mutated after read';
    } catch {
      // A frozen row is fine too.
    }
    expect((await views.get('v', 'k'))?.row).toEqual({
      items: [{ sku: 'A', qty: 1 }],
      note: 'original',
    });
  });
}

async function seed(views: ViewStore): Promise<void> {
  await views.commit([
    batchAt('p', 10n, [put('v', 'a', { n: 1 }), put('v', 'b', { n: 2 }), put('v', 'c', { n: 3 })]),
    batchAt('q', 11n, [put('w', 'x', { n: 'old' })]),
  ]);
}

/** A valid batch after the seed of `p`: overwrites `a`, deletes `b`, then makes `change`. */
function batchOverSeed(change: RowChange): ProjectionCommit {
  return batchAt('p', 20n, [put('v', 'a', { n: 'new' }), remove('v', 'b'), change]);
}

async function expectSeedIntact(views: ViewStore): Promise<void> {
  expect((await views.query('v')).rows.map((row) => [row.key, row.row])).toEqual([
    ['a', { n: 1 }],
    ['b', { n: 2 }],
    ['c', { n: 3 }],
  ]);
  expect((await views.query('w')).rows.map((row) => [row.key, row.row])).toEqual([
    ['x', { n: 'old' }],
  ]);
  expect((await views.checkpoint('p'))?.checkpoint).toBe('cp-10');
  expect((await views.checkpoint('p'))?.position).toBe(10n);
  expect((await views.checkpoint('q'))?.position).toBe(11n);
}
