/** Row access for one batch: reads through to the view store, keeps writes until the batch commits. */
import type { JsonObject } from '../../core/index.ts';
import type { RowChange, ViewRow, ViewStore } from '../ports/view-store.ts';
import type { RowAccess } from './projection.ts';

/** Where a batch reads the rows it has not written itself: the view store, or what a rebuild knows. */
export interface RowSource extends Pick<ViewStore, 'get'> {
  /** True when the row is surely not stored: a batch that deletes it leaves it out of its changes. */
  absent?(view: string, key: string): boolean;
}

/** A row the batch has set (a ViewRow as the port reads it) or deleted (`row` null). */
interface PendingRow extends RowChange {
  readonly partition: string | null;
  readonly owner: string | null;
}

/** A view as this batch writes it: its name as written and its rows set or deleted so far. */
interface ViewChanges {
  readonly physical: string;
  readonly rows: Map<string, PendingRow>;
}

/** Collects a batch's row changes over a view store; `viewName` maps a view to where it is written. */
export class BatchRows implements RowAccess {
  readonly #pending = new Map<string, Map<string, PendingRow>>();
  /** Each view's name as written and its changes, found with one lookup on every row a fact touches. */
  readonly #views = new Map<string, ViewChanges>();

  constructor(
    private readonly store: RowSource,
    private readonly viewName: (view: string) => string = (view) => view,
  ) {}

  async get(view: string, key: string): Promise<ViewRow | undefined> {
    const { physical, rows } = this.#view(view);
    const pending = rows.get(key);
    if (pending !== undefined) return pending.row === null ? undefined : (pending as ViewRow);
    return this.store.get(physical, key);
  }

  set(
    view: string,
    key: string,
    row: JsonObject,
    meta: { partition?: string | null; owner?: string | null } = {},
  ): void {
    const { physical, rows } = this.#view(view);
    rows.set(key, {
      view: physical,
      key,
      row,
      partition: meta.partition ?? null,
      owner: meta.owner ?? null,
    });
  }

  delete(view: string, key: string): void {
    const { physical, rows } = this.#view(view);
    rows.set(key, { view: physical, key, row: null, partition: null, owner: null });
  }

  /** The changes collected so far, one per row; deletes of rows surely not stored left out. */
  changes(): RowChange[] {
    const changes: RowChange[] = [];
    for (const rows of this.#pending.values()) {
      for (const change of rows.values()) {
        if (change.row !== null || this.store.absent?.(change.view, change.key) !== true)
          changes.push(change);
      }
    }
    return changes;
  }

  /** The rows set or deleted so far, by view (as written) and key. */
  written(): ReadonlyMap<string, ReadonlyMap<string, RowChange>> {
    return this.#pending;
  }

  #view(view: string): ViewChanges {
    let changes = this.#views.get(view);
    if (changes === undefined) {
      const physical = this.viewName(view);
      // Two views written under one name share their changes, as they share their rows.
      let rows = this.#pending.get(physical);
      if (rows === undefined) {
        rows = new Map();
        this.#pending.set(physical, rows);
      }
      changes = { physical, rows };
      this.#views.set(view, changes);
    }
    return changes;
  }
}
