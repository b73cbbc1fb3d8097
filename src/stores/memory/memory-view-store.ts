/** The in-memory view store: rows in maps, for unit tests and embedding. Same contract as the others. */
import type {
  ProjectionCheckpoint,
  ProjectionCommit,
  ViewPage,
  ViewQuery,
  ViewRow,
  ViewStore,
} from '../../engine/ports/view-store.ts';

/** Keeps view rows and projection checkpoints in memory. */
export class MemoryViewStore implements ViewStore {
  readonly #views = new Map<string, Map<string, ViewRow>>();
  readonly #checkpoints = new Map<string, ProjectionCheckpoint>();

  #rows(view: string): Map<string, ViewRow> {
    let rows = this.#views.get(view);
    if (rows === undefined) {
      rows = new Map();
      this.#views.set(view, rows);
    }
    return rows;
  }

  commit(batches: readonly ProjectionCommit[]): Promise<void> {
    const now = new Date().toISOString();
    for (const batch of batches) {
      for (const change of batch.changes) {
        const rows = this.#rows(change.view);
        if (change.row === null) rows.delete(change.key);
        else
          rows.set(change.key, {
            view: change.view,
            key: change.key,
            partition: change.partition ?? null,
            owner: change.owner ?? null,
            row: change.row,
          });
      }
      if (batch.checkpoint !== undefined) {
        this.#checkpoints.set(batch.projection, { checkpoint: batch.checkpoint, position: batch.position, updatedAt: now });
      }
    }
    return Promise.resolve();
  }

  checkpoint(projection: string): Promise<ProjectionCheckpoint | undefined> {
    return Promise.resolve(this.#checkpoints.get(projection));
  }

  get(view: string, key: string): Promise<ViewRow | undefined> {
    return Promise.resolve(this.#views.get(view)?.get(key));
  }

  getMany(view: string, keys: readonly string[]): Promise<ReadonlyMap<string, ViewRow>> {
    const rows = this.#views.get(view);
    const found = new Map<string, ViewRow>();
    for (const key of keys) {
      const row = rows?.get(key);
      if (row !== undefined) found.set(key, row);
    }
    return Promise.resolve(found);
  }

  query(view: string, query: ViewQuery = {}): Promise<ViewPage> {
    const matching = [...(this.#views.get(view)?.values() ?? [])]
      .filter((row) => query.partition === undefined || row.partition === query.partition)
      .filter(
        (row) =>
          query.owner === undefined ||
          row.owner === query.owner ||
          (query.includeShared === true && row.owner === null),
      )
      .filter((row) => query.keyPrefix === undefined || row.key.startsWith(query.keyPrefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (query.order === 'desc') matching.reverse();
    const offset = query.offset ?? 0;
    const rows = matching.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    return Promise.resolve({ rows, total: matching.length });
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
      const rows = new Map<string, ViewRow>();
      for (const [key, row] of this.#views.get(from) ?? []) rows.set(key, { ...row, view });
      this.#views.set(view, rows);
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
