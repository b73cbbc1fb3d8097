/** How every view store keeps a row: its JSON text beside the key, partition and owner columns. */
import type { JsonObject } from '../../core/index.ts';
import type { ViewRow } from '../../engine/ports/view-store.ts';

/** A view row as a store keeps it, the row as JSON text. */
export interface StoredViewRow {
  readonly key: string;
  readonly partition: string | null;
  readonly owner: string | null;
  readonly row: string;
}

/** The JSON text of a row; a value JSON cannot hold is refused before anything is written (pure). */
export function viewRowJson(row: JsonObject): string {
  const json = JSON.stringify(row) as string | undefined;
  if (json === undefined) throw new TypeError('A view row must be a JSON object.');
  return json;
}

/**
 * The JSON text of an array of rows, each element the text `viewRowJson` makes of it, a row it
 * refuses refused alike (pure). One call serialises a batch of rows several times faster than a
 * call per row joined; a row JSON would write as `null` in an array (undefined, a function, a
 * `toJSON` answering undefined) is first given to `viewRowJson` on its own, which refuses it.
 */
export function viewRowsJson(rows: readonly JsonObject[]): string {
  for (const row of rows) {
    const plain =
      typeof row === 'object' &&
      row !== null &&
      typeof (row as { toJSON?: unknown }).toJSON !== 'function';
    if (!plain) viewRowJson(row);
  }
  return JSON.stringify(rows);
}

/** A stored row as the port returns it: a fresh object each time (pure). */
export function viewRowOf(view: string, stored: StoredViewRow): ViewRow {
  return {
    view,
    key: stored.key,
    partition: stored.partition,
    owner: stored.owner,
    row: JSON.parse(stored.row) as JsonObject,
  };
}
