/**
 * What a view store must still do with rows written by its first schema version, once opened
 * (and so migrated): the rows a test wrote at version 1 ('orders' o-1 and o-2, 'agenda' g) read,
 * filter and commit as before. Shared by the SQLite and PostgreSQL migration tests.
 */
import { expect } from 'vitest';
import type { ViewStore } from '../../engine/ports/view-store.ts';

/** The version 1 rows every upgrade test writes, as `[view, key, partition, owner, row JSON]`. */
export const versionOneRows = [
  ['orders', 'o-1', 'k', 'ann', '{"n":1}'],
  ['orders', 'o-2', null, null, '{"n":2}'],
  ['agenda', 'g', 'r', 'bob', '{"g":true}'],
] as const;

/** Checks that the version 1 rows read, filter and commit through the upgraded store (impure). */
export async function expectVersionOneRowsCarryOn(views: ViewStore): Promise<void> {
  expect((await views.query('orders')).rows).toEqual([
    { view: 'orders', key: 'o-1', partition: 'k', owner: 'ann', row: { n: 1 } },
    { view: 'orders', key: 'o-2', partition: null, owner: null, row: { n: 2 } },
  ]);
  expect((await views.query('orders', { partition: 'k' })).total).toBe(1);
  expect((await views.query('agenda', { owner: 'bob' })).total).toBe(1);
  await views.commit([
    {
      projection: 'p',
      checkpoint: 'c',
      position: 1n,
      changes: [
        { view: 'orders', key: 'o-1', row: { n: 3 } },
        { view: 'agenda', key: 'g', row: null },
      ],
    },
  ]);
  expect((await views.get('orders', 'o-1'))?.row).toEqual({ n: 3 });
  expect((await views.query('agenda')).total).toBe(0);
}
