/** The in-memory view store: rows in maps, for unit tests and embedding. Same contract as the others. */
import type { JsonObject } from '../../core/index.ts';
import {
  afterCursor,
  checkViewFields,
  compareRows,
  rowMatches,
} from '../../engine/views/view-filter.ts';
import type * as port from '../../engine/ports/view-store.ts';
import { checkExpectedCheckpoints } from '../contract/view-fencing.ts';
import { viewRowJson, viewRowOf, type StoredViewRow } from '../contract/view-row-json.ts';

/** A row as kept: its JSON text, so reads hand out fresh copies and unstorable rows fail the commit. */
type StoredRow = StoredViewRow;

/** Keeps view rows and projection checkpoints in memory. */
export class MemoryViewStore implements port.ViewStore {
  readonly #views = new Map<string, Map<string, StoredRow>>();
  readonly #checkpoints = new Map<string, port.ProjectionCheckpoint>();

  #rows(view: string): Map<string, StoredRow> {
    let rows = this.#views.get(view);
    if (rows === undefined) {
      rows = new Map();
      this.#views.set(view, rows);
    }
    return rows;
  }

  commit(batches: readonly port.ProjectionCommit[]): Promise<void> {
    return new Promise((resolve) => {
      // Fenced first: a batch started from a checkpoint no longer stored writes nothing.
      checkExpectedCheckpoints(
        batches,
        (projection) => this.#checkpoints.get(projection)?.checkpoint ?? null,
      );
      // Serialise everything first: a row that cannot be stored fails the commit before any change.
      const prepared = batches.map((batch) => ({
        batch,
        changes: batch.changes.map((change) => ({
          view: change.view,
          stored:
            change.row === null
              ? change.key
              : {
                  key: change.key,
                  partition: change.partition ?? null,
                  owner: change.owner ?? null,
                  row: viewRowJson(change.row),
                },
        })),
      }));
      const now = new Date().toISOString();
      for (const { batch, changes } of prepared) {
        for (const { view, stored } of changes) {
          if (typeof stored === 'string') this.#views.get(view)?.delete(stored);
          else this.#rows(view).set(stored.key, stored);
        }
        if (batch.checkpoint !== undefined) {
          this.#checkpoints.set(batch.projection, {
            checkpoint: batch.checkpoint,
            position: batch.position,
            updatedAt: now,
          });
        }
      }
      resolve();
    });
  }

  checkpoint(projection: string): Promise<port.ProjectionCheckpoint | undefined> {
    const checkpoint = this.#checkpoints.get(projection);
    return Promise.resolve(checkpoint === undefined ? undefined : { ...checkpoint });
  }

  get(view: string, key: string): Promise<port.ViewRow | undefined> {
    const stored = this.#views.get(view)?.get(key);
    return Promise.resolve(stored === undefined ? undefined : viewRowOf(view, stored));
  }

  getMany(view: string, keys: readonly string[]): Promise<ReadonlyMap<string, port.ViewRow>> {
    const rows = this.#views.get(view);
    const found = new Map<string, port.ViewRow>();
    for (const key of keys) {
      const stored = rows?.get(key);
      if (stored !== undefined) found.set(key, viewRowOf(view, stored));
    }
    return Promise.resolve(found);
  }

  query(view: string, query: port.ViewQuery = {}): Promise<port.ViewPage> {
    try {
      checkViewFields(query);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const prefix = query.keyPrefix ?? '';
    const matching = [...(this.#views.get(view)?.values() ?? [])]
      .filter((row) => query.partition === undefined || row.partition === query.partition)
      .filter(
        (row) =>
          query.owner === undefined ||
          row.owner === query.owner ||
          (query.includeShared === true && row.owner === null),
      )
      .filter((row) => row.key.startsWith(prefix))
      .map((stored) => ({ stored, key: stored.key, row: JSON.parse(stored.row) as JsonObject }))
      .filter((row) => rowMatches(row.key, row.row, query))
      .sort((a, b) => compareRows(query, a, b));
    const offset = query.offset ?? 0;
    const page = matching
      .filter((row) => afterCursor(row.key, row.row, query))
      .map((row) => row.stored)
      .slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    return Promise.resolve({
      rows: page.map((row) => viewRowOf(view, row)),
      total: matching.length,
    });
  }

  reset(projection: string, views: readonly string[]): Promise<void> {
    for (const view of views) this.#views.delete(view);
    this.#checkpoints.delete(projection);
    return Promise.resolve();
  }

  swap(
    live: { projection: string; views: readonly string[] },
    shadow: { projection: string; views: readonly string[] },
  ): Promise<void> {
    live.views.forEach((view, index) => {
      const from = shadow.views[index];
      if (from === undefined) return;
      this.#views.set(view, this.#views.get(from) ?? new Map<string, StoredRow>());
      this.#views.delete(from);
    });
    const checkpoint = this.#checkpoints.get(shadow.projection);
    if (checkpoint === undefined) this.#checkpoints.delete(live.projection);
    else this.#checkpoints.set(live.projection, checkpoint);
    this.#checkpoints.delete(shadow.projection);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Creates an empty in-memory view store. */
export function memoryViewStore(): MemoryViewStore {
  return new MemoryViewStore();
}
