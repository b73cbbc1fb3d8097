/**
 * View-store contract cases: reset clears a projection's views and checkpoint; swap replaces live
 * views with their rebuilt shadows and moves the checkpoint in one step, readers never seeing an
 * empty or half-swapped view.
 */
import { expect, it } from 'vitest';
import type { ViewStore } from '../../engine/ports/view-store.ts';
import type { ViewContractContext } from './view-store-context.ts';
import { batchAt, batchOnly, keysOf, pause, put } from './view-store-context.ts';

const live = { projection: 'builtin@1', views: ['orders', 'agenda'] } as const;
const shadow = {
  projection: 'builtin@1@rebuild',
  views: ['orders@rebuild', 'agenda@rebuild'],
} as const;

/** Registers the reset and swap cases. */
export function viewSwapCases(ctx: ViewContractContext): void {
  it('resets the rows of the given views and the projection checkpoint, nothing else', async () => {
    const views = ctx.views();
    await views.commit([
      batchAt('p', 5n, [
        put('a', '1', { n: 1 }),
        put('a', '2', { n: 2 }),
        put('b', '1', { n: 3 }),
        put('c', '1', { n: 4 }),
      ]),
      batchAt('q', 6n, [put('d', '1', { n: 5 })]),
    ]);
    await views.reset('p', ['a', 'b']);
    expect(await keysOf(views, 'a')).toEqual([]);
    expect(await views.get('b', '1')).toBeUndefined();
    expect(await keysOf(views, 'c')).toEqual(['1']);
    expect(await keysOf(views, 'd')).toEqual(['1']);
    expect(await views.checkpoint('p')).toBeUndefined();
    expect((await views.checkpoint('q'))?.position).toBe(6n);
    // Resetting what is not there is fine, and the views fill again afterwards.
    await views.reset('nothing', []);
    await views.reset('p', ['a']);
    await views.commit([batchAt('p', 1n, [put('a', '3', { n: 6 })])]);
    expect(await keysOf(views, 'a')).toEqual(['3']);
  });

  it('swaps shadow rows and checkpoint into the live projection', async () => {
    const views = ctx.views();
    await views.commit([
      batchAt(live.projection, 100n, [
        put('orders', 'o-1', { gen: 'old' }, { partition: 'k', owner: 'ann' }),
        put('orders', 'o-only-live', { gen: 'old' }),
        put('agenda', 'g-1', { gen: 'old' }),
        put('unrelated', 'u', { keep: true }),
      ]),
      batchAt(shadow.projection, 2n ** 60n, [
        put('orders@rebuild', 'o-1', { gen: 'new' }, { partition: 'k2', owner: 'bob' }),
        put('orders@rebuild', 'o-2', { gen: 'new' }),
      ]),
      batchAt('other', 7n, []),
    ]);
    await views.swap(
      { projection: live.projection, views: [...live.views] },
      { projection: shadow.projection, views: [...shadow.views] },
    );
    expect((await views.query('orders')).rows).toEqual([
      { view: 'orders', key: 'o-1', partition: 'k2', owner: 'bob', row: { gen: 'new' } },
      { view: 'orders', key: 'o-2', partition: null, owner: null, row: { gen: 'new' } },
    ]);
    // An empty shadow view empties the live one.
    expect(await keysOf(views, 'agenda')).toEqual([]);
    expect(await keysOf(views, 'orders@rebuild')).toEqual([]);
    expect(await keysOf(views, 'agenda@rebuild')).toEqual([]);
    expect(await keysOf(views, 'unrelated')).toEqual(['u']);
    const moved = await views.checkpoint(live.projection);
    expect(moved?.checkpoint).toBe(`cp-${(2n ** 60n).toString()}`);
    expect(moved?.position).toBe(2n ** 60n);
    expect(await views.checkpoint(shadow.projection)).toBeUndefined();
    expect((await views.checkpoint('other'))?.position).toBe(7n);
    // The live projection goes on from there.
    await views.commit([batchOnly(live.projection, [put('orders', 'o-3', { gen: 'live' })])]);
    expect(await keysOf(views, 'orders')).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('swaps in a shadow without checkpoint: the live projection starts over', async () => {
    const views = ctx.views();
    await views.commit([batchAt(live.projection, 9n, [put('orders', 'o', { gen: 'old' })])]);
    await views.swap(
      { projection: live.projection, views: [...live.views] },
      { projection: shadow.projection, views: [...shadow.views] },
    );
    expect(await views.checkpoint(live.projection)).toBeUndefined();
    expect(await keysOf(views, 'orders')).toEqual([]);
  });

  it('lets readers see the old rows or the new, never an empty or mixed view, while swapping', async () => {
    const views = ctx.views();
    const oldKeys = Array.from({ length: 40 }, (_, i) => `k-${String(i).padStart(3, '0')}`);
    const newKeys = Array.from({ length: 60 }, (_, i) => `k-${String(i).padStart(3, '0')}`);
    await views.commit([
      batchAt(
        live.projection,
        40n,
        oldKeys.map((key) => put('orders', key, { gen: 'old' }, { partition: 'p' })),
      ),
      batchAt(
        shadow.projection,
        60n,
        newKeys.map((key) => put('orders@rebuild', key, { gen: 'new' }, { partition: 'p' })),
      ),
    ]);
    const seen = { old: 0, new: 0 };
    let swapped = false;
    let readsAfterSwap = 0;
    const reader = async (): Promise<void> => {
      while (!swapped || readsAfterSwap < 6) {
        // Counted only when begun after the swap returned: a read begun before may still see the old rows.
        const afterSwap = swapped;
        const page = await views.query('orders', { partition: 'p' });
        const gens = new Set(page.rows.map((row) => row.row['gen']));
        expect(gens.size).toBe(1);
        if (gens.has('old')) {
          expect(page.total).toBe(40);
          expect(page.rows.map((row) => row.key)).toEqual(oldKeys);
          seen.old += 1;
        } else {
          expect(page.total).toBe(60);
          expect(page.rows.map((row) => row.key)).toEqual(newKeys);
          seen.new += 1;
        }
        const one = await views.get('orders', 'k-010');
        expect(['old', 'new']).toContain(one?.row['gen']);
        if (afterSwap) {
          expect(gens.has('new')).toBe(true);
          readsAfterSwap += 1;
        }
        await pause(0);
      }
    };
    const readers = [reader(), reader(), reader()];
    while (seen.old < 6) await pause(1);
    await views.swap(
      { projection: live.projection, views: [...live.views] },
      { projection: shadow.projection, views: [...shadow.views] },
    );
    swapped = true;
    await Promise.all(readers);
    expect(seen.old).toBeGreaterThanOrEqual(6);
    expect(seen.new).toBeGreaterThanOrEqual(6);
    await expectSwapped(views, newKeys);
  });
}

async function expectSwapped(views: ViewStore, keys: readonly string[]): Promise<void> {
  expect(await keysOf(views, 'orders')).toEqual(keys);
  expect((await views.checkpoint(live.projection))?.position).toBe(60n);
  expect(await views.checkpoint(shadow.projection)).toBeUndefined();
}
