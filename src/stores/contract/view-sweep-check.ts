/**
 * What a view store that gives its views ids must do with the rows of views a swap or a reset
 * retired: sweep them, a crash's leftovers too. Shared by the SQLite and PostgreSQL view store
 * tests, which look into their own tables through `StoredViewIds`.
 */
import { expect } from 'vitest';
import type { ViewStore } from '../../engine/ports/view-store.ts';
import { keysOf } from './view-store-context.ts';

/** How a test looks into a store's tables (impure). */
export interface StoredViewIds {
  /** How many rows the store keeps, of every view id. */
  readonly storedRows: () => Promise<number>;
  /** How many retired view ids the store keeps. */
  readonly retiredIds: () => Promise<number>;
  /** Retires the view `view` as a process would that died before sweeping its rows. */
  readonly retireUnswept: (view: string) => Promise<void>;
}

/** Rows `k-0` … of `view`, `count` of them. */
function rows(view: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({ view, key: `k-${i}`, row: { i } }));
}

/**
 * Swaps a rebuilt `a` (with `oldRows` rows before) and `b` in, then resets `b` with a crash's
 * unswept `other` left: checks that the retired rows are gone, not merely hidden, and that the
 * store keeps `retired.afterSwap`, then `retired.afterReset`, retired ids (impure).
 */
export async function expectRetiredViewsSwept(
  views: ViewStore,
  ids: StoredViewIds,
  oldRows: number,
  retired: { readonly afterSwap: number; readonly afterReset: number },
): Promise<void> {
  await views.commit([
    { projection: 'p', checkpoint: 'c-1', position: 1n, changes: rows('a', oldRows) },
    {
      projection: 'p@r',
      checkpoint: 'c-2',
      position: 2n,
      changes: [...rows('a@r', 3), ...rows('b@r', 2)],
    },
    { projection: 'q', checkpoint: 'c-3', position: 3n, changes: rows('other', 4) },
  ]);
  await views.swap(
    { projection: 'p', views: ['a', 'b'] },
    { projection: 'p@r', views: ['a@r', 'b@r'] },
  );
  expect(await keysOf(views, 'a')).toEqual(['k-0', 'k-1', 'k-2']);
  expect(await keysOf(views, 'b')).toEqual(['k-0', 'k-1']);
  // The rows of the old `a` are gone, not merely hidden.
  expect(await ids.storedRows()).toBe(3 + 2 + 4);
  expect(await ids.retiredIds()).toBe(retired.afterSwap);
  // A process that retired `other` and died before sweeping: the next reset sweeps it.
  await ids.retireUnswept('other');
  expect(await keysOf(views, 'other')).toEqual([]);
  await views.reset('p', ['b']);
  expect(await ids.storedRows()).toBe(3);
  expect(await ids.retiredIds()).toBe(retired.afterReset);
  expect(await keysOf(views, 'a')).toEqual(['k-0', 'k-1', 'k-2']);
  // A view written again after its reset starts empty, under a new id.
  await views.commit([{ projection: 'p', changes: rows('b', 1) }]);
  expect(await keysOf(views, 'b')).toEqual(['k-0']);
}
