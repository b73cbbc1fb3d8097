/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * View-store contract cases: get, getMany, and query with partition, owner, shared rows, key
 * prefix, paging, order and total; unicode keys and JSON rows.
 */
import { expect, it } from 'vitest';
import type { JsonObject } from '../../core/index.ts';
import type { ViewQuery } from '../../engine/ports/view-store.ts';
import { compareCodePoints } from './code-point-order.ts';
import type { ViewContractContext } from './view-store-context.ts';
import { batchAt, batchOnly, keysOf, put } from './view-store-context.ts';

/** Registers the read cases. */
export function viewQueryCases(ctx: ViewContractContext): void {
  it('gets one row or many, leaving out missing keys and other views', async () => {
    const views = ctx.views();
    await views.commit([
      batchOnly('p', [
        put('v', 'a', { n: 1 }, { partition: 'x', owner: 'ann' }),
        put('v', 'b', { n: 2 }),
        put('v', 'c', { n: 3 }),
        put('w', 'a', { other: true }),
      ]),
    ]);
    expect((await views.get('w', 'a'))?.row).toEqual({ other: true });
    expect(await views.get('v', 'zz')).toBeUndefined();
    expect(await views.get('nope', 'a')).toBeUndefined();
    const many = await views.getMany('v', ['c', 'a', 'missing', 'a']);
    expect([...many.keys()].sort()).toEqual(['a', 'c']);
    expect(many.get('a')).toEqual({
      view: 'v',
      key: 'a',
      partition: 'x',
      owner: 'ann',
      row: { n: 1 },
    });
    expect(many.get('c')?.row).toEqual({ n: 3 });
    expect((await views.getMany('v', [])).size).toBe(0);
    expect((await views.getMany('nope', ['a'])).size).toBe(0);
    const keys = Array.from({ length: 120 }, (_, i) => `k${i}`);
    await views.commit([
      batchOnly(
        'p',
        keys.map((key, i) => put('big', key, { i })),
      ),
    ]);
    const all = await views.getMany('big', [...keys, 'absent']);
    expect(all.size).toBe(120);
    expect(all.get('k119')?.row).toEqual({ i: 119 });
  });

  it('queries by partition, owner and shared rows, with the total of matches', async () => {
    const views = ctx.views();
    await views.commit([
      batchOnly('p', [
        put('agenda', 'a1', { n: 1 }, { partition: 'buyer', owner: 'ann' }),
        put('agenda', 'a2', { n: 2 }, { partition: 'buyer', owner: 'bob' }),
        put('agenda', 'a3', { n: 3 }, { partition: 'buyer' }),
        put('agenda', 'a4', { n: 4 }, { partition: 'seller', owner: 'ann' }),
        put('agenda', 'a5', { n: 5 }, { owner: 'ann' }),
        put('agenda', 'a6', { n: 6 }),
        put('other', 'a1', { n: 7 }, { partition: 'buyer', owner: 'ann' }),
      ]),
    ]);
    const keys = async (query: ViewQuery): Promise<[string[], number]> => {
      const page = await views.query('agenda', query);
      return [page.rows.map((row) => row.key), page.total];
    };
    expect(await keys({})).toEqual([['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], 6]);
    expect(await keys({ partition: 'buyer' })).toEqual([['a1', 'a2', 'a3'], 3]);
    expect(await keys({ partition: 'nobody' })).toEqual([[], 0]);
    expect(await keys({ owner: 'ann' })).toEqual([['a1', 'a4', 'a5'], 3]);
    expect(await keys({ owner: 'ann', includeShared: false })).toEqual([['a1', 'a4', 'a5'], 3]);
    expect(await keys({ owner: 'ann', includeShared: true })).toEqual([
      ['a1', 'a3', 'a4', 'a5', 'a6'],
      5,
    ]);
    expect(await keys({ owner: 'ann', includeShared: true, partition: 'buyer' })).toEqual([
      ['a1', 'a3'],
      2,
    ]);
    expect(await keys({ owner: 'carol', includeShared: true })).toEqual([['a3', 'a6'], 2]);
    // includeShared without an owner filters nothing.
    expect(await keys({ includeShared: true })).toEqual([['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], 6]);
    const page = await views.query('agenda', { partition: 'seller' });
    expect(page.rows).toEqual([
      { view: 'agenda', key: 'a4', partition: 'seller', owner: 'ann', row: { n: 4 } },
    ]);
  });

  it('filters by key prefix literally (no wildcards, case-sensitive)', async () => {
    const views = ctx.views();
    const all = [
      'a%b',
      'a%c',
      'aXb',
      'a_b',
      'abb',
      'A_b',
      'a\\b',
      'a\\c',
      'a',
      'ab',
      'b',
      'é1',
      'é2',
      'e1',
    ];
    await views.commit([
      batchOnly(
        'p',
        all.map((key) => put('v', key, { key })),
      ),
    ]);
    const withPrefix = async (keyPrefix: string): Promise<string[]> =>
      (await views.query('v', { keyPrefix })).rows.map((row) => row.key);
    expect(await withPrefix('a%')).toEqual(['a%b', 'a%c']);
    expect(await withPrefix('a_')).toEqual(['a_b']);
    expect(await withPrefix('A')).toEqual(['A_b']);
    expect(await withPrefix('a\\')).toEqual(['a\\b', 'a\\c']);
    expect(await withPrefix('ab')).toEqual(['ab', 'abb']);
    expect(await withPrefix('é')).toEqual(['é1', 'é2']);
    expect(await withPrefix('')).toHaveLength(all.length);
    expect(await withPrefix('zzz')).toEqual([]);
    const page = await views.query('v', { keyPrefix: 'a', limit: 2, order: 'desc' });
    expect(page.rows.map((row) => row.key)).toEqual(['abb', 'ab']);
    expect(page.total).toBe(9);
    const ascending = await views.query('v', { keyPrefix: 'a', offset: 3, limit: 4 });
    expect(ascending.rows.map((row) => row.key)).toEqual(['aXb', 'a\\b', 'a\\c', 'a_b']);
  });

  it('pages with limit and offset, ascending or descending, the total counting every match', async () => {
    const views = ctx.views();
    const keys = Array.from({ length: 25 }, (_, i) => `row-${String(i).padStart(2, '0')}`);
    await views.commit([
      batchOnly(
        'p',
        [...keys].reverse().map((key) => put('v', key, { key })),
      ),
    ]);
    const page = async (query: ViewQuery): Promise<[string[], number]> => {
      const result = await views.query('v', query);
      return [result.rows.map((row) => row.key), result.total];
    };
    expect(await page({ limit: 3 })).toEqual([keys.slice(0, 3), 25]);
    expect(await page({ limit: 3, offset: 3 })).toEqual([keys.slice(3, 6), 25]);
    expect(await page({ offset: 22 })).toEqual([keys.slice(22), 25]);
    expect(await page({ limit: 3, order: 'desc' })).toEqual([['row-24', 'row-23', 'row-22'], 25]);
    expect(await page({ limit: 2, offset: 1, order: 'desc' })).toEqual([['row-23', 'row-22'], 25]);
    expect(await page({ order: 'asc' })).toEqual([keys, 25]);
    expect(await page({ limit: 0 })).toEqual([[], 25]);
    expect(await page({ offset: 25 })).toEqual([[], 25]);
    expect(await page({ offset: 100, limit: 5 })).toEqual([[], 25]);
  });

  it('keeps unicode keys and JSON exactly, keys in code point order', async () => {
    const views = ctx.views();
    const row: JsonObject = {
      zeta: 'last key first',
      text: 'naïve café — 日本語 — emoji 👩‍💻 — rtl עברית — combining e\u0301',
      quotes: 'she said "hi" \\ back\\slash \n newline \t tab \u0000 nul \u001f unit',
      numbers: [0, -1, 1.5, 1e-7, 1e300, -123456789.125, Number.MAX_SAFE_INTEGER],
      flags: [true, false, null],
      nested: { deeper: { deepest: [[], {}, [{ '': 'empty key' }]] } },
      empty: '',
      alpha: 'first key last',
    };
    // Sorted by code point: U+FF01 comes before U+1F600 (UTF-16 order would put the emoji first).
    const keys = [
      '😀',
      '\uff01',
      'Z',
      'a',
      'é',
      'e\u0301',
      '日本',
      '中',
      '~',
      ' ',
      'key with spaces',
      "%_\\'",
    ];
    await views.commit([
      batchAt(
        'p',
        1n,
        keys.map((key) =>
          put(
            'ünïcode-view ✓',
            key,
            { ...row, key },
            { partition: 'ρ-partition', owner: 'ø-owner' },
          ),
        ),
      ),
    ]);
    const got = await views.get('ünïcode-view ✓', '😀');
    expect(got).toEqual({
      view: 'ünïcode-view ✓',
      key: '😀',
      partition: 'ρ-partition',
      owner: 'ø-owner',
      row: { ...row, key: '😀' },
    });
    expect(Object.keys(got!.row)).toEqual([...Object.keys(row), 'key']);
    expect(await keysOf(views, 'ünïcode-view ✓')).toEqual([...keys].sort(compareCodePoints));
    expect((await keysOf(views, 'ünïcode-view ✓')).indexOf('\uff01')).toBeLessThan(
      (await keysOf(views, 'ünïcode-view ✓')).indexOf('😀'),
    );
    const many = await views.getMany('ünïcode-view ✓', ['e\u0301', 'é', '日本']);
    expect([...many.keys()].sort(compareCodePoints)).toEqual(['e\u0301', 'é', '日本']);
    const page = await views.query('ünïcode-view ✓', {
      partition: 'ρ-partition',
      owner: 'ø-owner',
      keyPrefix: '日',
    });
    expect(page.rows.map((r) => r.key)).toEqual(['日本']);
  });

  it('filters by fields, searches the row, sorts by a field and pages by cursor without gaps or repeats', async () => {
    const views = ctx.views();
    const statuses = ['requested', 'promised', 'accepted', 'declined'];
    await views.commit([
      batchOnly(
        'p',
        Array.from({ length: 23 }, (_, i) =>
          put(
            'tx',
            `t${String(i).padStart(2, '0')}`,
            {
              status: statuses[i % 4] ?? 'requested',
              kind: i % 2 === 0 ? 'TK01' : 'TK02',
              updatedAt: `2026-01-${String(28 - i).padStart(2, '0')}T10:00:00Z`,
              terms: { item: i === 7 ? 'Green TEA' : 'coffee', qty: i },
              ...(i === 3 ? {} : { note: null }),
            },
            { partition: i < 20 ? 'x' : 'y' },
          ),
        ),
      ),
    ]);
    const keys = async (query: ViewQuery) =>
      (await views.query('tx', query)).rows.map((r) => r.key);
    const promised = await views.query('tx', {
      where: [{ field: 'status', op: 'eq', value: 'promised' }],
    });
    expect(promised.total).toBe(6);
    expect(promised.rows.every((r) => r.row['status'] === 'promised')).toBe(true);
    expect(
      await keys({
        partition: 'x',
        where: [
          { field: 'status', op: 'in', value: ['accepted', 'declined'] },
          { field: 'kind', op: 'eq', value: 'TK01' },
        ],
      }),
    ).toEqual(['t02', 't06', 't10', 't14', 't18']);
    expect(await keys({ where: [{ field: 'status', op: 'in', value: [] }] })).toEqual([]);
    // Absent and null read as ''; a bound compares as text (ISO times in time order).
    expect(await keys({ where: [{ field: 'note', op: 'eq', value: '' }], limit: 2 })).toEqual([
      't00',
      't01',
    ]);
    expect(
      await keys({
        where: [
          { field: 'updatedAt', op: 'gte', value: '2026-01-10' },
          { field: 'updatedAt', op: 'lte', value: '2026-01-12T23' },
        ],
      }),
    ).toEqual(['t16', 't17', 't18']);
    expect(await keys({ search: 'green tea' })).toEqual(['t07']);
    // A dotted path reads a nested field; several fields: any of them.
    expect(await keys({ where: [{ field: 'terms.qty', op: 'in', value: ['4', '21'] }] })).toEqual([
      't04',
      't21',
    ]);
    expect(
      await keys({
        where: [{ field: ['terms.item', 'kind'], op: 'in', value: ['Green TEA', 'TK02'] }],
        limit: 4,
      }),
    ).toEqual(['t01', 't03', 't05', 't07']);
    expect((await views.query('tx', { search: 'COFFEE' })).total).toBe(22);
    // Sorted by a field (then key), paged by cursor: every row once, in order.
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let after: { value: string; key: string } | undefined;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await views.query('tx', {
          sortBy: 'status',
          order,
          limit: 5,
          ...(after === undefined ? {} : { after }),
        });
        expect(page.total).toBe(23);
        if (page.rows.length === 0) break;
        seen.push(...page.rows.map((r) => r.key));
        const last = page.rows.at(-1)!;
        after = { value: last.row['status'] as string, key: last.key };
      }
      const expected = (await views.query('tx', {})).rows
        .map((r) => ({ key: r.key, status: r.row['status'] as string }))
        .sort((a, b) =>
          a.status === b.status ? (a.key < b.key ? -1 : 1) : a.status < b.status ? -1 : 1,
        )
        .map((r) => r.key);
      expect(seen).toEqual(order === 'asc' ? expected : [...expected].reverse());
    }
    await expect(views.query('tx', { sortBy: "x') or 1=1 --" })).rejects.toThrow(/not a field/);
  });
}
