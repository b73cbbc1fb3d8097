/**
 * The view-store port: where projections keep their rows and their checkpoints. Rows and the
 * checkpoint of a projection change together in one database transaction, so a crash never applies
 * a fact twice or loses one.
 */
import type { JsonObject } from '../../core/index.ts';
import type { Checkpoint } from './event-store.ts';
import type { LeaseFence } from './leases.ts';

/** A row of a view, with the two columns a query can filter on. */
export interface ViewRow {
  readonly view: string;
  readonly key: string;
  /** A grouping the view is read by: the actor role of an agenda, the correlation of an audit trail. */
  readonly partition: string | null;
  /** The actor the row belongs to: personal roles read only their own rows. */
  readonly owner: string | null;
  readonly row: JsonObject;
}

/** A change to one row: its new content, or `null` to delete it. */
export interface RowChange {
  readonly view: string;
  readonly key: string;
  readonly row: JsonObject | null;
  readonly partition?: string | null;
  readonly owner?: string | null;
}

/** Where a projection stands in the log. */
export interface ProjectionCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly position: bigint;
  readonly updatedAt: string;
}

/** The checkpoint a batch started from, for fencing a commit against another runner's. */
export interface ExpectedCheckpoint {
  readonly checkpoint: Checkpoint;
}

/** A batch of a projection: its row changes and the checkpoint they bring it to (kept when absent). */
export type ProjectionCommit =
  | {
      readonly projection: string;
      readonly checkpoint: Checkpoint;
      readonly position: bigint;
      readonly changes: readonly RowChange[];
      /**
       * The checkpoint this batch started from; `null` = the projection had none. When given, the
       * store checks it inside the commit's transaction and, if the stored checkpoint differs (after
       * the earlier batches of the same commit), throws CheckpointConflictError and writes nothing:
       * two runners of one projection can never both apply a batch.
       */
      readonly expected?: ExpectedCheckpoint | null;
      /**
       * The lease the batch was made under. When given, the store checks inside the commit's
       * transaction that this token is still the lease's current one and, if another process has
       * taken the lease since, throws LeaseLostError and writes nothing.
       */
      readonly lease?: LeaseFence;
    }
  | {
      readonly projection: string;
      readonly checkpoint?: undefined;
      readonly changes: readonly RowChange[];
    };

/**
 * A condition on a field of a row, compared as text (a number as its decimal form, a
 * missing field or null as ''): `eq` one value, `in` any of several, `gte`/`lte` a bound (ISO
 * times compare correctly as text).
 */
export interface ViewFilter {
  /**
   * A field: a name of letters, digits and `_` (not starting with a digit), or a dotted path into
   * nested objects (`initiator.actor`); several fields: the condition holds when any of them meets it.
   */
  readonly field: string | readonly string[];
  readonly op: 'eq' | 'in' | 'gte' | 'lte';
  readonly value: string | readonly string[];
}

/** Where keyset paging resumes: the sort value and key of the last row of the previous page. */
export interface ViewCursor {
  readonly value: string;
  readonly key: string;
}

export interface ViewQuery {
  /** Every condition must hold. */
  readonly where?: readonly ViewFilter[];
  /** Rows whose JSON text contains this, ignoring ASCII case. */
  readonly search?: string;
  /** Order by this top-level field's text, then by key (default: by key alone). */
  readonly sortBy?: string;
  /** Rows after this cursor in the query's order (keyset paging; `offset` then counts from it). */
  readonly after?: ViewCursor;
  readonly partition?: string;
  /** Rows owned by this actor, or by nobody (shared rows), when `includeShared`. */
  readonly owner?: string;
  readonly includeShared?: boolean;
  /** Key prefix filter. */
  readonly keyPrefix?: string;
  readonly limit?: number;
  readonly offset?: number;
  /** Order by key, ascending (default) or descending. */
  readonly order?: 'asc' | 'desc';
}

/** A page of rows and the number of rows matching the query. */
export interface ViewPage {
  readonly rows: readonly ViewRow[];
  readonly total: number;
}

/** Rows and checkpoints of the projections. */
export interface ViewStore {
  /**
   * Applies the batches' row changes and moves their checkpoints, all in one transaction; throws
   * CheckpointConflictError, writing nothing, when a batch's `expected` checkpoint is not the stored one.
   */
  commit(batches: readonly ProjectionCommit[]): Promise<void>;
  checkpoint(projection: string): Promise<ProjectionCheckpoint | undefined>;
  get(view: string, key: string): Promise<ViewRow | undefined>;
  getMany(view: string, keys: readonly string[]): Promise<ReadonlyMap<string, ViewRow>>;
  query(view: string, query?: ViewQuery): Promise<ViewPage>;
  /** Deletes every row of these views and the projection's checkpoint. */
  reset(projection: string, views: readonly string[]): Promise<void>;
  /**
   * Replaces the rows of `views` with those of `shadowViews` and moves the checkpoint of the shadow
   * projection to the live one, in one transaction: a rebuild swapped in while readers keep reading.
   */
  swap(
    live: { projection: string; views: readonly string[] },
    shadow: { projection: string; views: readonly string[] },
  ): Promise<void>;
  close(): Promise<void>;
}
