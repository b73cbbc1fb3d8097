/**
 * A projection: a fold of the log into the rows of one or more views. It reads and writes rows
 * through `RowAccess`; the runner batches the writes and commits them with the checkpoint.
 */
import type { JsonObject } from '../../core/index.ts';
import type { RecordedEvent } from '../ports/event-store.ts';
import type { ViewRow } from '../ports/view-store.ts';

/** Read and write access to view rows while a projection applies an event. */
export interface RowAccess {
  /**
   * The row as the batch stands. It may be the very object set earlier (in this batch, or one a
   * rebuild remembers from an earlier one): read it, never change it; set a new object instead.
   */
  get(view: string, key: string): Promise<ViewRow | undefined>;
  set(
    view: string,
    key: string,
    row: JsonObject,
    meta?: { partition?: string | null; owner?: string | null },
  ): void;
  delete(view: string, key: string): void;
}

/** A fold of events into view rows. `name` identifies its checkpoint; bump the version to rebuild. */
export interface Projection {
  readonly name: string;
  readonly views: readonly string[];
  apply(event: RecordedEvent, rows: RowAccess): Promise<void>;
}
