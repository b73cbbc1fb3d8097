/**
 * View-store contract property: any sequence of commits, then any query, answers like a plain
 * reference model of the port (filters, code point order, paging, total).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { RowChange, ViewQuery, ViewRow } from '../../engine/ports/view-store.ts';
import { compareCodePoints } from './code-point-order.ts';
import type { ViewContractContext } from './view-store-context.ts';
import { batchAt, put, remove } from './view-store-context.ts';

/** Registers the property case. */
export function viewPropertyCases(ctx: ViewContractContext): void {
  it('answers any query after any commits like the reference model (property)', async () => {
    const views = ctx.views();
    const keyArb = fc.constantFrom(
      'a',
      'ab',
      'abc',
      'b',
      'b%',
      'b_',
      'B',
      'é',
      '日',
      '😀',
      '\uff01',
      'z',
    );
    const metaArb = fc.constantFrom<string | null>(null, 'x', 'y');
    const changeArb: fc.Arbitrary<RowChange> = fc.oneof(
      fc
        .record({
          view: fc.constantFrom('v', 'w'),
          key: keyArb,
          n: fc.integer(),
          partition: metaArb,
          owner: metaArb,
        })
        .map(({ view, key, n, partition, owner }) => put(view, key, { n }, { partition, owner })),
      fc
        .record({ view: fc.constantFrom('v', 'w'), key: keyArb })
        .map(({ view, key }) => remove(view, key)),
    );
    const queryArb: fc.Arbitrary<ViewQuery> = fc.record(
      {
        partition: fc.constantFrom('x', 'y'),
        owner: fc.constantFrom('x', 'y'),
        includeShared: fc.boolean(),
        keyPrefix: fc.constantFrom('', 'a', 'ab', 'b%', 'b_', 'é', '日', 'z', '😀'),
        limit: fc.integer({ min: 0, max: 5 }),
        offset: fc.integer({ min: 0, max: 6 }),
        order: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
      },
      { requiredKeys: [] },
    );
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(changeArb, { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        fc.array(queryArb, { minLength: 1, maxLength: 4 }),
        async (commits, queries) => {
          round += 1;
          await views.reset('prop', ['v', 'w']);
          const model = new Map<string, ViewRow>();
          for (const [index, changes] of commits.entries()) {
            await views.commit([batchAt('prop', BigInt(round * 10 + index), changes)]);
            for (const change of changes) applyToModel(model, change);
          }
          for (const query of queries) {
            expect(await views.query('v', query)).toEqual(referenceQuery(model, 'v', query));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
}

function applyToModel(model: Map<string, ViewRow>, change: RowChange): void {
  const id = `${change.view}\u0001${change.key}`;
  if (change.row === null) model.delete(id);
  else {
    model.set(id, {
      view: change.view,
      key: change.key,
      partition: change.partition ?? null,
      owner: change.owner ?? null,
      row: change.row,
    });
  }
}

function referenceQuery(
  model: ReadonlyMap<string, ViewRow>,
  view: string,
  query: ViewQuery,
): { rows: ViewRow[]; total: number } {
  const matching = [...model.values()]
    .filter((row) => row.view === view)
    .filter((row) => query.partition === undefined || row.partition === query.partition)
    .filter(
      (row) =>
        query.owner === undefined ||
        row.owner === query.owner ||
        (query.includeShared === true && row.owner === null),
    )
    .filter((row) => row.key.startsWith(query.keyPrefix ?? ''))
    .sort((a, b) => compareCodePoints(a.key, b.key));
  if (query.order === 'desc') matching.reverse();
  const offset = query.offset ?? 0;
  const end = query.limit === undefined ? undefined : offset + query.limit;
  return { rows: matching.slice(offset, end), total: matching.length };
}
