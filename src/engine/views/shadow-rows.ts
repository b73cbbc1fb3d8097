/**
 * What a rebuild knows of its shadow views. They were emptied when it began and only it writes them
 * (each commit fenced on its checkpoint: a rival rebuild makes it fail), so a row it never wrote is
 * surely not stored, and a row it wrote lately is as it wrote it, committed or on its way. It asks
 * the store only for the rest: a rebuild reads almost nothing back, in memory bounded whatever the
 * log's length.
 */
import type { RowChange, ViewRow, ViewStore } from '../ports/view-store.ts';
import type { RowSource } from './batch-rows.ts';
import { KeyFilter } from './key-filter.ts';

/** How much a rebuild remembers. */
export interface ShadowRowsOptions {
  /**
   * The filter of rows written has 2^`filterBits` bits (default 25: 4 MiB; after 4 million rows,
   * about 2% of the rows never written still cost a read).
   */
  readonly filterBits?: number;
  /** Rows last written kept, per view read, to answer reads (default 5000). */
  readonly recentRows?: number;
}

/** A batch's changes by view and key, as BatchRows collects them. */
export type RowsByView = ReadonlyMap<string, ReadonlyMap<string, RowChange>>;

const none: RowsByView = new Map();

/** Reads of a rebuild's shadow views, answered from what the rebuild wrote when it can. */
export class ShadowRows implements RowSource {
  readonly #store: Pick<ViewStore, 'get'>;
  readonly #written: KeyFilter;
  /**
   * For each view read so far, its rows written last, least recently used first. Only rows of
   * views read are worth keeping: an audit trail, say, is written and never read back.
   */
  readonly #recent = new Map<string, Map<string, RowChange>>();
  readonly #recentRows: number;
  /** The changes of the batch whose commit is on its way. */
  #sent: RowsByView = none;

  constructor(store: Pick<ViewStore, 'get'>, options: ShadowRowsOptions = {}) {
    this.#store = store;
    this.#written = new KeyFilter(options.filterBits ?? 25);
    this.#recentRows = Math.max(0, options.recentRows ?? 5000);
  }

  get(view: string, key: string): Promise<ViewRow | undefined> {
    let recent = this.#recent.get(view);
    if (recent === undefined) {
      recent = new Map();
      this.#recent.set(view, recent);
    }
    if (!this.#written.mayHold(view, key)) return Promise.resolve(undefined);
    const sent = this.#sent.get(view)?.get(key);
    if (sent !== undefined) return Promise.resolve(viewRowOf(sent));
    const kept = recent.get(key);
    if (kept === undefined) return this.#store.get(view, key);
    recent.delete(key);
    recent.set(key, kept);
    return Promise.resolve(viewRowOf(kept));
  }

  absent(view: string, key: string): boolean {
    return !this.#written.mayHold(view, key);
  }

  /**
   * Takes note of a batch's changes as they are sent to be committed: until `landed`, reads of
   * them are answered here, as the store does not hold them yet.
   */
  sent(rows: RowsByView): void {
    this.#sent = rows;
    for (const [view, changes] of rows) {
      const recent = this.#recent.get(view);
      for (const [key, change] of changes) {
        this.#written.add(view, key);
        if (recent === undefined) continue;
        recent.delete(key);
        recent.set(key, change);
      }
      if (recent === undefined) continue;
      for (const key of recent.keys()) {
        if (recent.size <= this.#recentRows) break;
        recent.delete(key);
      }
    }
  }

  /** The changes last sent are committed: the store answers for them now. */
  landed(): void {
    this.#sent = none;
  }
}

/** A change read back as the row it wrote, or undefined for a delete (pure). */
function viewRowOf(change: RowChange): ViewRow | undefined {
  if (change.row === null) return undefined;
  return {
    view: change.view,
    key: change.key,
    partition: change.partition ?? null,
    owner: change.owner ?? null,
    row: change.row,
  };
}
