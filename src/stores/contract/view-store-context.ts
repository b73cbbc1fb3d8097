/**
 * What each group of view-store contract cases gets from the suite: the store under test, plus
 * small builders the cases share. Used only by the view-store contract suite.
 */
import type { JsonObject } from '../../core/index.ts';
import type { ProjectionCommit, RowChange, ViewStore } from '../../engine/ports/view-store.ts';

/** Makes an empty view store for one test; `cleanup` runs after the suite has closed it. */
export type ViewStoreFactory = () => Promise<{ views: ViewStore; cleanup?: () => Promise<void> }>;

/** The store of the running test. */
export interface ViewContractContext {
  /** The store made for the running test (closed and cleaned up after it). */
  readonly views: () => ViewStore;
}

/** A row change that sets `key` of `view` to `row` (pure). */
export function put(
  view: string,
  key: string,
  row: JsonObject,
  meta: { readonly partition?: string | null; readonly owner?: string | null } = {},
): RowChange {
  return {
    view,
    key,
    row,
    ...(meta.partition === undefined ? {} : { partition: meta.partition }),
    ...(meta.owner === undefined ? {} : { owner: meta.owner }),
  };
}

/** A row change that deletes `key` of `view` (pure). */
export function remove(view: string, key: string): RowChange {
  return { view, key, row: null };
}

/** A batch that moves `projection` to `position` (checkpoint `cp-<position>`) with `changes` (pure). */
export function batchAt(
  projection: string,
  position: bigint,
  changes: readonly RowChange[],
): ProjectionCommit {
  return { projection, checkpoint: `cp-${position.toString()}`, position, changes };
}

/** A batch of changes that leaves the projection's checkpoint where it is (pure). */
export function batchOnly(projection: string, changes: readonly RowChange[]): ProjectionCommit {
  return { projection, changes };
}

/** The keys of every row of `view`, in key order (effectful: reads the store). */
export async function keysOf(views: ViewStore, view: string): Promise<string[]> {
  return (await views.query(view)).rows.map((row) => row.key);
}

/** Resolves after `ms` milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
