/** Row access for one batch: reads through to the view store, keeps writes until the batch commits. */
import type { JsonObject } from '../../core/index.ts';
import type { RowChange, ViewRow, ViewStore } from '../ports/view-store.ts';
import type { RowAccess } from './projection.ts';

/** Collects a batch's row changes over a view store; `viewName` maps a view to where it is written. */
export class BatchRows implements RowAccess {
  readonly #pending = new Map<string, Map<string, ViewRow | null>>();

  constructor(
    private readonly store: Pick<ViewStore, 'get'>,
    private readonly viewName: (view: string) => string = (view) => view,
  ) {}

  async get(view: string, key: string): Promise<ViewRow | undefined> {
    const physical = this.viewName(view);
    const pending = this.#pending.get(physical);
    if (pending?.has(key) === true) return pending.get(key) ?? undefined;
    return this.store.get(physical, key);
  }

  set(
    view: string,
    key: string,
    row: JsonObject,
    meta: { partition?: string | null; owner?: string | null } = {},
  ): void {
    const physical = this.viewName(view);
    this.#map(physical).set(key, {
      view: physical,
      key,
      partition: meta.partition ?? null,
      owner: meta.owner ?? null,
      row,
    });
  }

  delete(view: string, key: string): void {
    this.#map(this.viewName(view)).set(key, null);
  }

  /** The changes collected so far, one per row. */
  changes(): RowChange[] {
    const changes: RowChange[] = [];
    for (const [view, rows] of this.#pending) {
      for (const [key, row] of rows) {
        changes.push(
          row === null
            ? { view, key, row: null }
            : { view, key, row: row.row, partition: row.partition, owner: row.owner },
        );
      }
    }
    return changes;
  }

  #map(view: string): Map<string, ViewRow | null> {
    let rows = this.#pending.get(view);
    if (rows === undefined) {
      rows = new Map();
      this.#pending.set(view, rows);
    }
    return rows;
  }
}
