/**
 * The PostgreSQL view store's plumbing: folding a commit to one change per row, chunking, and
 * mapping rows to the port's types.
 */
import type { JsonObject } from '../../core/index.ts';
import type { ProjectionCommit, RowChange } from '../../engine/ports/view-store.ts';
import { viewRowJson, viewRowOf, type StoredViewRow } from '../contract/view-row-json.ts';

/** A row of `view_rows` as the store selects it (`row` as JSON text). */
export type RowRecord = StoredViewRow;
export { viewRowJson as toJsonText, viewRowOf as toViewRow };

/** Rows per statement of a commit: bounds the size of one statement's array parameters. */
const chunkSize = 2000;

/** Folds a commit's batches into one final change per row and the last checkpoint per projection (pure). */
export function foldCommit(batches: readonly ProjectionCommit[]): {
  deletes: RowChange[];
  upserts: (RowChange & { readonly row: JsonObject })[];
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
  const upserts: (RowChange & { readonly row: JsonObject })[] = [];
  for (const view of last.values()) {
    for (const change of view.values()) {
      if (change.row === null) deletes.push(change);
      else upserts.push({ ...change, row: change.row });
    }
  }
  return { deletes, upserts, checkpoints };
}

/** Splits rows into statement-sized chunks (pure). */
export function* chunks<T>(items: readonly T[]): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += chunkSize)
    yield items.slice(start, start + chunkSize);
}

/** The JSON text of a row; throws when the row cannot be stored as JSON (pure). */

/** A stored row as the port's ViewRow (pure). */
