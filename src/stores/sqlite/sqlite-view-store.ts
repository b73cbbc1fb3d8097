/**
 * The SQLite view store: view rows and projection checkpoints in the event store's own file, on
 * the same better-sqlite3 connection, so a commit is one `BEGIN IMMEDIATE` transaction of rows
 * and checkpoint together. Positions are kept as decimal text: exact beyond 2^53. Rows carry their
 * view's id, not its name: a swap renames ids, and the rows of the views it retires (and those a
 * reset retires) are swept afterwards in short transactions, the write lock free in between.
 */
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { checkViewFields, fieldsOf } from '../../engine/views/view-filter.ts';
import type * as port from '../../engine/ports/view-store.ts';
import { checkExpectedCheckpoints } from '../contract/view-fencing.ts';
import { sqliteLeasesTable } from './sqlite-leases.ts';
import { toStoreError } from './sqlite-errors.ts';
import type { SqliteEventStore } from './sqlite-event-store.ts';
import { migrateViews } from './sqlite-view-migrations.ts';
import { viewRowJson, viewRowOf, type StoredViewRow } from '../contract/view-row-json.ts';

/** Options of the SQLite view store. */
export interface SqliteViewStoreOptions {
  /**
   * How long a commit waits for another process's write lock (ms). When absent the connection's
   * own `busy_timeout` is kept, or set to 5000 if it is 0 (fail at once), which two processes sharing
   * a file cannot live with.
   */
  readonly busyTimeoutMs?: number;
  /**
   * Whether view commits skip their own sync (`synchronous = NORMAL` for the commit) while the
   * log's appends keep theirs. Default true: views are rebuilt from the log, and each commit stays
   * atomic with its checkpoint.
   */
  readonly relaxViewSync?: boolean;
}

type RowRecord = StoredViewRow;

interface CheckpointRecord {
  readonly checkpoint: string;
  readonly position: string;
  readonly updated_at: string;
}

type Pair = readonly [live: string, shadow: string];

/** A projection's commit with each changed row's JSON text made (null: the row is deleted). */
interface SerialisedCommit {
  readonly commit: port.ProjectionCommit;
  readonly rows: readonly { readonly change: port.RowChange; readonly text: string | null }[];
}

const defaultBusyTimeoutMs = 5_000;

/** Rows of a retired view deleted per transaction: short enough not to stall appends for long. */
const sweepChunkRows = 5000;

/** The ViewStore port on a better-sqlite3 connection, usually the SQLite event store's. */
export class SqliteViewStore implements port.ViewStore {
  readonly #db: Database.Database;
  readonly #relaxViewSync: boolean;
  readonly #queries = new Map<string, Database.Statement>();
  readonly #s;
  readonly #commit: Database.Transaction<(commits: readonly SerialisedCommit[]) => void>;
  readonly #swap: Database.Transaction<
    (pairs: readonly Pair[], live: string, shadow: string) => void
  >;
  readonly #reset: Database.Transaction<(projection: string, views: readonly string[]) => void>;
  readonly #sweepChunk: Database.Transaction<(id: number) => number>;
  readonly #page: Database.Transaction<(view: string, query: port.ViewQuery) => port.ViewPage>;
  readonly #getMany: Database.Transaction<
    (view: string, keys: readonly string[]) => Map<string, port.ViewRow>
  >;
  #closed = false;
  #tokenOf: Database.Statement<[string], bigint> | undefined;

  /** Migrates the view tables on `db` and prepares the statements (effectful: may write the file). */
  constructor(db: Database.Database, options: SqliteViewStoreOptions = {}) {
    this.#db = db;
    this.#relaxViewSync = options.relaxViewSync ?? true;
    try {
      if (options.busyTimeoutMs !== undefined)
        db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
      else if (Number(db.pragma('busy_timeout', { simple: true })) === 0)
        db.pragma(`busy_timeout = ${defaultBusyTimeoutMs}`);
      migrateViews(db);
      // A view's id, looked up inside each statement: another connection may swap it meanwhile.
      const viewId = '(SELECT id FROM view_names WHERE name = ?)';
      this.#s = {
        viewId: db.prepare('SELECT id FROM view_names WHERE name = ?').pluck(),
        addView: db.prepare('INSERT INTO view_names (name) VALUES (?)'),
        upsert: db.prepare(
          `INSERT INTO view_rows (view_id, key, partition, owner, row) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (view_id, key) DO UPDATE SET partition = excluded.partition, owner = excluded.owner, row = excluded.row`,
        ),
        delete: db.prepare('DELETE FROM view_rows WHERE view_id = ? AND key = ?'),
        get: db.prepare(
          `SELECT key, partition, owner, row FROM view_rows WHERE view_id = ${viewId} AND key = ?`,
        ),
        getById: db.prepare(
          'SELECT key, partition, owner, row FROM view_rows WHERE view_id = ? AND key = ?',
        ),
        retireView: db.prepare('UPDATE view_names SET name = NULL WHERE name = ?'),
        renameView: db.prepare('UPDATE view_names SET name = ? WHERE name = ?'),
        retired: db.prepare('SELECT id FROM view_names WHERE name IS NULL').pluck(),
        sweepRows: db.prepare(
          'DELETE FROM view_rows WHERE rowid IN (SELECT rowid FROM view_rows WHERE view_id = ? LIMIT ?)',
        ),
        dropRetired: db.prepare('DELETE FROM view_names WHERE id = ? AND name IS NULL'),
        setCheckpoint: db.prepare(
          `INSERT INTO projection_checkpoints (projection, checkpoint, position, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (projection) DO UPDATE SET checkpoint = excluded.checkpoint, position = excluded.position, updated_at = excluded.updated_at`,
        ),
        getCheckpoint: db.prepare(
          'SELECT checkpoint, position, updated_at FROM projection_checkpoints WHERE projection = ?',
        ),
        deleteCheckpoint: db.prepare('DELETE FROM projection_checkpoints WHERE projection = ?'),
        moveCheckpoint: db.prepare(
          'UPDATE projection_checkpoints SET projection = ? WHERE projection = ?',
        ),
      };
    } catch (error) {
      throw toStoreError(error, db.name, 'open the view store');
    }
    this.#commit = db.transaction((commits: readonly SerialisedCommit[]) =>
      this.#commitRows(commits),
    );
    this.#swap = db.transaction((pairs: readonly Pair[], live: string, shadow: string) => {
      for (const [liveView, shadowView] of pairs) {
        this.#s.retireView.run(liveView);
        this.#s.renameView.run(liveView, shadowView);
      }
      this.#s.deleteCheckpoint.run(live);
      this.#s.moveCheckpoint.run(live, shadow);
    });
    this.#reset = db.transaction((projection: string, views: readonly string[]) => {
      for (const view of views) this.#s.retireView.run(view);
      this.#s.deleteCheckpoint.run(projection);
    });
    this.#sweepChunk = db.transaction((id: number) => {
      const removed = this.#s.sweepRows.run(id, sweepChunkRows).changes;
      if (removed < sweepChunkRows) this.#s.dropRetired.run(id);
      return removed;
    });
    // Reads of several statements run in one read transaction: one snapshot, even across processes.
    this.#page = db.transaction((view: string, query: port.ViewQuery) =>
      this.#readPage(view, query),
    );
    this.#getMany = db.transaction((view: string, keys: readonly string[]) => {
      const found = new Map<string, port.ViewRow>();
      const id = this.#s.viewId.get(view) as number | undefined;
      if (id === undefined) return found;
      for (const key of keys) {
        const record = this.#s.getById.get(id, key) as RowRecord | undefined;
        if (record !== undefined) found.set(key, viewRowOf(view, record));
      }
      return found;
    });
  }

  commit(batches: readonly port.ProjectionCommit[]): Promise<void> {
    return this.#run('commit view rows', () => {
      // The rows' JSON text is made before the write lock is taken: the log's appends wait for
      // as long as a view commit holds it.
      const commits = batches.map((commit): SerialisedCommit => ({
        commit,
        rows: commit.changes.map((change) => ({
          change,
          text: change.row === null ? null : viewRowJson(change.row),
        })),
      }));
      this.#relaxed(() => this.#commit.immediate(commits));
    });
  }

  /**
   * Runs a view commit with `synchronous = NORMAL` when the connection is FULL: in WAL mode the
   * commit stays atomic (rows and checkpoint together) but is made durable by the next synced
   * commit — the log's next append — instead of a sync of its own. Views are rebuilt from the log
   * anyway: a commit lost to a power cut only means its facts are applied again from the older
   * checkpoint. The log keeps its own setting.
   */
  #relaxed<T>(work: () => T): T {
    if (!this.#relaxViewSync) return work();
    const previous = this.#db.pragma('synchronous', { simple: true }) as number;
    if (previous < 2) return work();
    this.#db.pragma('synchronous = NORMAL');
    try {
      return work();
    } finally {
      this.#db.pragma(`synchronous = ${previous}`);
    }
  }

  checkpoint(projection: string): Promise<port.ProjectionCheckpoint | undefined> {
    return this.#run('read a checkpoint', () => {
      const record = this.#s.getCheckpoint.get(projection) as CheckpointRecord | undefined;
      return record === undefined
        ? undefined
        : {
            checkpoint: record.checkpoint,
            position: BigInt(record.position),
            updatedAt: record.updated_at,
          };
    });
  }

  get(view: string, key: string): Promise<port.ViewRow | undefined> {
    return this.#run('read a view row', () => {
      const record = this.#s.get.get(view, key) as RowRecord | undefined;
      return record === undefined ? undefined : viewRowOf(view, record);
    });
  }

  getMany(view: string, keys: readonly string[]): Promise<ReadonlyMap<string, port.ViewRow>> {
    return this.#run('read view rows', () => this.#getMany.deferred(view, keys));
  }

  query(view: string, query: port.ViewQuery = {}): Promise<port.ViewPage> {
    return this.#run('query a view', () => this.#page.deferred(view, query));
  }

  async reset(projection: string, views: readonly string[]): Promise<void> {
    await this.#run('reset a projection', () => this.#reset.immediate(projection, views));
    await this.#sweep();
  }

  async swap(
    live: { projection: string; views: readonly string[] },
    shadow: { projection: string; views: readonly string[] },
  ): Promise<void> {
    const pairs: Pair[] = [];
    live.views.forEach((view, index) => {
      const from = shadow.views[index];
      if (from !== undefined && from !== view) pairs.push([view, from]);
    });
    await this.#run('swap rebuilt views in', () =>
      this.#swap.immediate(pairs, live.projection, shadow.projection),
    );
    await this.#sweep();
  }

  /**
   * Deletes the rows of retired views (this process's or another's, a crash's leftovers too), a
   * chunk per transaction, letting other work in between: readers never see them anyway. Best
   * effort: the swap or reset before it has committed, and rows it leaves are swept next time.
   */
  async #sweep(): Promise<void> {
    try {
      const retired = this.#s.retired.all() as number[];
      for (const id of retired) {
        while (this.#relaxed(() => this.#sweepChunk.immediate(id)) === sweepChunkRows)
          await new Promise((resolve) => setImmediate(resolve));
      }
    } catch {
      // Busy, or closed meanwhile: the next swap or reset sweeps what is left.
    }
  }

  /** Stops this store; the connection stays open; it belongs to whoever opened it (the event store). */
  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #commitRows(commits: readonly SerialisedCommit[]): void {
    // Inside the immediate transaction: no other writer can move a checkpoint or take a lease
    // over until it ends.
    checkExpectedCheckpoints(
      commits.map(({ commit }) => commit),
      (projection) => {
        const record = this.#s.getCheckpoint.get(projection) as CheckpointRecord | undefined;
        return record?.checkpoint ?? null;
      },
      (lease) => this.#leaseToken(lease),
    );
    const now = new Date().toISOString();
    const ids = new Map<string, number>();
    const idOf = (view: string, create: boolean): number | undefined => {
      let id = ids.get(view) ?? (this.#s.viewId.get(view) as number | undefined);
      if (id === undefined && create) id = Number(this.#s.addView.run(view).lastInsertRowid);
      if (id !== undefined) ids.set(view, id);
      return id;
    };
    for (const { commit, rows } of commits) {
      for (const { change, text } of rows) {
        if (text === null) {
          const id = idOf(change.view, false);
          if (id !== undefined) this.#s.delete.run(id, change.key);
        } else {
          this.#s.upsert.run(
            idOf(change.view, true),
            change.key,
            change.partition ?? null,
            change.owner ?? null,
            text,
          );
        }
      }
      if (commit.checkpoint !== undefined) {
        this.#s.setCheckpoint.run(
          commit.projection,
          commit.checkpoint,
          commit.position.toString(),
          now,
        );
      }
    }
  }

  /** The current token of a lease (undefined when there is none), read inside a commit. */
  #leaseToken(lease: string): bigint | undefined {
    try {
      this.#tokenOf ??= this.#db
        .prepare<[string], bigint>(`SELECT token FROM ${sqliteLeasesTable} WHERE name = ?`)
        .pluck()
        .safeIntegers();
    } catch {
      return undefined; // No lease table: no lease was ever taken.
    }
    return this.#tokenOf.get(lease);
  }

  #readPage(view: string, query: port.ViewQuery): port.ViewPage {
    const where = ['view_id = (SELECT id FROM view_names WHERE name = ?)'];
    const params: unknown[] = [view];
    if (query.partition !== undefined) {
      where.push('partition = ?');
      params.push(query.partition);
    }
    if (query.owner !== undefined) {
      where.push(query.includeShared === true ? '(owner = ? OR owner IS NULL)' : 'owner = ?');
      params.push(query.owner);
    }
    if (query.keyPrefix !== undefined && query.keyPrefix !== '') {
      // Not LIKE: it is case-insensitive and reads % and _ as wildcards. The range start uses the index.
      where.push('key >= ? AND substr(key, 1, length(?)) = ?');
      params.push(query.keyPrefix, query.keyPrefix, query.keyPrefix);
    }
    checkViewFields(query);
    // A field's text as view-filter.ts defines it: absent or null as '', numbers in decimal.
    const text = (field: string): string =>
      `coalesce(CAST(json_extract(row, '$.${field}') AS TEXT), '')`;
    for (const condition of query.where ?? []) {
      const values = typeof condition.value === 'string' ? [condition.value] : condition.value;
      const any: string[] = [];
      for (const field of fieldsOf(condition.field)) {
        if (condition.op === 'gte' || condition.op === 'lte') {
          any.push(`${text(field)} ${condition.op === 'gte' ? '>=' : '<='} ?`);
          params.push(values[0] ?? '');
        } else if (values.length === 0) any.push('0');
        else {
          any.push(`${text(field)} IN (${values.map(() => '?').join(', ')})`);
          params.push(...values);
        }
      }
      where.push(`(${any.join(' OR ')})`);
    }
    if (query.search !== undefined && query.search !== '') {
      where.push('instr(lower(row), lower(?)) > 0');
      params.push(query.search);
    }
    const filter = where.join(' AND ');
    const order = query.order === 'desc' ? 'DESC' : 'ASC';
    const sort = query.sortBy === undefined ? undefined : text(query.sortBy);
    const pageWhere = [filter];
    const pageParams: unknown[] = [...params];
    if (query.after !== undefined) {
      const op = order === 'DESC' ? '<' : '>';
      if (sort === undefined) {
        pageWhere.push(`key ${op} ?`);
        pageParams.push(query.after.key);
      } else {
        pageWhere.push(`(${sort} ${op} ? OR (${sort} = ? AND key ${op} ?))`);
        pageParams.push(query.after.value, query.after.value, query.after.key);
      }
    }
    const orderBy = sort === undefined ? `key ${order}` : `${sort} ${order}, key ${order}`;
    const records = this.#statement(
      `SELECT key, partition, owner, row FROM view_rows WHERE ${pageWhere.join(' AND ')} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    ).all(...pageParams, query.limit ?? -1, query.offset ?? 0) as RowRecord[];
    const { total } = this.#statement(
      `SELECT count(*) AS total FROM view_rows WHERE ${filter}`,
    ).get(...params) as {
      total: number;
    };
    return { rows: records.map((record) => viewRowOf(view, record)), total };
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#queries.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#queries.set(sql, statement);
    }
    return statement;
  }

  #run<T>(action: string, body: () => T): Promise<T> {
    return new Promise((resolve) => {
      if (this.#closed || !this.#db.open) {
        throw new StoreUnavailableError(
          `Cannot ${action}: the SQLite view store on '${this.#db.name}' is closed.`,
        );
      }
      try {
        resolve(body());
      } catch (error) {
        throw toStoreError(error, this.#db.name, action);
      }
    });
  }
}

/** Opens the view store on the SQLite event store's connection, migrating its tables (effectful). */
export function sqliteViewStore(
  eventStore: SqliteEventStore,
  options: SqliteViewStoreOptions = {},
): SqliteViewStore {
  return new SqliteViewStore(eventStore.database, options);
}
