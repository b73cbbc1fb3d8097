/**
 * The PostgreSQL view store's plumbing: folding a commit to one change per row, chunking, and
 * mapping rows to the port's types.
 */
import type { JsonObject } from '../../core/index.ts';
import type { ProjectionCommit, RowChange } from '../../engine/ports/view-store.ts';
import { viewRowOf, viewRowsJson, type StoredViewRow } from '../contract/view-row-json.ts';

/** A row of `view_rows` as the store selects it (`row` as JSON text). */
export type RowRecord = StoredViewRow;
export { viewRowOf as toViewRow };

/** A change that sets a row. */
export type Upsert = RowChange & { readonly row: JsonObject };

/** Rows per statement of a commit: bounds the size of one statement's array parameters. */
const chunkSize = 2000;

/** Folds a commit's batches into one final change per row and the last checkpoint per projection (pure). */
export function foldCommit(batches: readonly ProjectionCommit[]): {
  deletes: RowChange[];
  upserts: Upsert[];
  checkpoints: Map<string, { checkpoint: string; position: string }>;
} {
  // One statement may not touch a row twice (`on conflict do update`): the last change wins.
  const last = new Map<string, Map<string, RowChange>>();
  const checkpoints = new Map<string, { checkpoint: string; position: string }>();
  for (const batch of batches) {
    for (const change of batch.changes) {
      let view = last.get(change.view);
      if (view === undefined) {
        view = new Map();
        last.set(change.view, view);
      }
      view.set(change.key, change);
    }
    if (batch.checkpoint !== undefined) {
      checkpoints.set(batch.projection, {
        checkpoint: batch.checkpoint,
        position: batch.position.toString(),
      });
    }
  }
  const deletes: RowChange[] = [];
  const upserts: Upsert[] = [];
  for (const view of last.values()) {
    for (const change of view.values()) {
      if (isUpsert(change)) upserts.push(change);
      else deletes.push(change);
    }
  }
  return { deletes, upserts, checkpoints };
}

function isUpsert(change: RowChange): change is Upsert {
  return change.row !== null;
}

/**
 * The parameters of one upsert statement, made in one pass over its rows: view ids, keys,
 * partitions and owners as arrays, and the rows as one JSON array (pure; throws, as
 * `viewRowJson` does, for a row that cannot be stored). The rows travel as JSON, not as a text[]
 * whose every quote would be escaped, and are serialised in one call.
 */
export function upsertParameters(
  upserts: readonly Upsert[],
  ids: ReadonlyMap<string, string>,
): [
  viewIds: (string | undefined)[],
  keys: string[],
  partitions: (string | null)[],
  owners: (string | null)[],
  rows: string,
] {
  const viewIds: (string | undefined)[] = [];
  const keys: string[] = [];
  const partitions: (string | null)[] = [];
  const owners: (string | null)[] = [];
  const rows: JsonObject[] = [];
  for (const change of upserts) {
    viewIds.push(ids.get(change.view));
    keys.push(change.key);
    partitions.push(change.partition ?? null);
    owners.push(change.owner ?? null);
    rows.push(change.row);
  }
  return [viewIds, keys, partitions, owners, viewRowsJson(rows)];
}

/** Splits rows into statement-sized chunks (pure). */
export function* chunks<T>(items: readonly T[]): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += chunkSize)
    yield items.slice(start, start + chunkSize);
}
