/**
 * The PostgreSQL view store: view rows and projection checkpoints in the event store's schema, on
 * a node-postgres pool (the client the event store measured fastest; see its comment). A commit is
 * one transaction on a checked-out connection: fenced first (each batch's expected checkpoint
 * compared with its locked row), then the batches' changes folded to one final change per row and
 * written with a few set-based statements (`unnest` arrays, upserts with `on conflict do update`),
 * the checkpoints last. Rows carry their view's id, not its name: a swap renames ids, and the rows
 * of the views it (or a reset) retires are swept afterwards. Reads are single statements, so a page
 * and its total come from one snapshot, and a swap committing meanwhile is seen whole or not at all.
 *
 * Usually opened on the event store's pool (`{ pool: store.pool, schema }`), which it never ends;
 * or on a pool of its own from a connection string, which it ends on close.
 */
import pg from 'pg';
import { InvalidAppendError, StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { checkViewFields, fieldsOf } from '../../engine/views/view-filter.ts';
import type * as port from '../../engine/ports/view-store.ts';
import { toStoreError } from './connection-errors.ts';
import { guardPool, inTransaction, query } from './pg-session.ts';
import { postgresLeasesTable } from './postgres-leases.ts';
import { fenceCommit } from './postgres-view-fencing.ts';
import { migrateViews } from './postgres-view-migrations.ts';
import { quoteIdentifier } from './schema-sql.ts';
import {
  chunks,
  foldCommit,
  toViewRow,
  upsertParameters,
  type RowRecord,
} from './postgres-view-rows.ts';

/** How the view store commits, whichever pool it uses. */
export interface PostgresViewCommitOptions {
  /**
   * Whether view commits run with `synchronous_commit = off` while the log's appends keep the
   * server's setting. Default true: a commit stays atomic with its checkpoint and is seen at once,
   * but is answered before its WAL reaches the disk; a server crash may lose the last view commits,
   * which only means their facts are applied again from the older checkpoint (views are rebuilt
   * from the log), and the next durable commit on the server (the log's next append) makes them
   * durable too. The SQLite view store relaxes its commits alike.
   */
  readonly relaxViewSync?: boolean;
}

/** Where the view store keeps its tables, and the pool it reaches them with. */
export type PostgresViewStoreOptions = PostgresViewCommitOptions &
  (
    | {
        /** A pool the caller owns (usually the event store's): the store never ends it. */
        readonly pool: pg.Pool;
        /** Schema holding the tables (the event store's); created and migrated on open. Default `factum`. */
        readonly schema?: string;
      }
    | {
        readonly connectionString: string;
        readonly schema?: string;
        /** Size of the pool the store opens (and ends on close). Default 10. */
        readonly maxConnections?: number;
      }
  );

interface PageRecord extends Omit<RowRecord, 'key' | 'row'> {
  readonly total: string;
  readonly key: string | null;
  readonly row: string | null;
}

/** Opens the view store: migrates its tables in `schema`, then returns it (impure). */
export async function openPostgresViewStore(
  options: PostgresViewStoreOptions,
): Promise<PostgresViewStore> {
  const schema = options.schema ?? 'factum';
  if (schema === '') throw new InvalidAppendError('The schema name must not be empty.');
  const owned = !('pool' in options);
  const pool =
    'pool' in options
      ? options.pool
      : new pg.Pool({
          connectionString: options.connectionString,
          max: options.maxConnections ?? 10,
          connectionTimeoutMillis: 5000,
          idleTimeoutMillis: 10_000,
        });
  if (owned) guardPool(pool);
  try {
    await migrateViews(pool, schema);
  } catch (error) {
    if (owned) await pool.end();
    throw toStoreError(error, 'migrating the view tables');
  }
  return new PostgresViewStore(pool, schema, owned, {
    ...(options.relaxViewSync === undefined ? {} : { relaxViewSync: options.relaxViewSync }),
  });
}

/** The ViewStore port on PostgreSQL; obtain one with `openPostgresViewStore`. */
export class PostgresViewStore implements port.ViewStore {
  readonly #pool: pg.Pool;
  readonly #owned: boolean;
  readonly #rows: string;
  readonly #names: string;
  readonly #checkpoints: string;
  readonly #leases: string;
  /** A view's id, looked up inside each read: a swap may rename it between two statements. */
  readonly #viewId: string;
  /** What opens a commit's transaction. */
  readonly #begin: string;
  #closed = false;

  /** Wraps a pool whose schema is already migrated; `owned` ends the pool on close. */
  constructor(
    pool: pg.Pool,
    schema: string,
    owned = false,
    options: PostgresViewCommitOptions = {},
  ) {
    this.#pool = pool;
    this.#owned = owned;
    // Sent with the `begin`, in the same round trip.
    this.#begin =
      (options.relaxViewSync ?? true) ? 'begin; set local synchronous_commit = off' : 'begin';
    this.#rows = `${quoteIdentifier(schema)}.view_rows`;
    this.#names = `${quoteIdentifier(schema)}.view_names`;
    this.#checkpoints = `${quoteIdentifier(schema)}.projection_checkpoints`;
    this.#leases = postgresLeasesTable(schema);
    this.#viewId = `(select id from ${this.#names} where name = $1::text)`;
  }

  async commit(batches: readonly port.ProjectionCommit[]): Promise<void> {
    const { deletes, upserts, checkpoints } = foldCommit(batches);
    if (deletes.length === 0 && upserts.length === 0 && checkpoints.size === 0) return;
    await this.#guard('committing view rows', () =>
      inTransaction(
        this.#pool,
        async (client) => {
          await fenceCommit(client, this.#checkpoints, batches, this.#leases);
          const ids = await this.#viewIds(
            client,
            upserts.map((change) => change.view),
            deletes.map((change) => change.view),
          );
          const deleted = deletes.filter((change) => ids.has(change.view));
          for (const chunk of chunks(deleted)) {
            await query(
              client,
              `delete from ${this.#rows} as r using unnest($1::bigint[], $2::text[]) as d(view_id, key)
             where r.view_id = d.view_id and r.key = d.key`,
              [chunk.map((c) => ids.get(c.view)), chunk.map((c) => c.key)],
            );
          }
          for (const chunk of chunks(upserts)) {
            // Serialised here, inside the transaction: a row that cannot be stored rolls it all back.
            await query(
              client,
              `insert into ${this.#rows} (view_id, key, partition, owner, row)
             select view_id, key, partition, owner, row
             from rows from (
               unnest($1::bigint[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),
               json_array_elements($5::json)
             ) as u(view_id, key, partition, owner, row)
             on conflict (view_id, key) do update
               set partition = excluded.partition, owner = excluded.owner, row = excluded.row`,
              upsertParameters(chunk, ids),
            );
          }
          if (checkpoints.size > 0) {
            const moved = [...checkpoints];
            await query(
              client,
              `insert into ${this.#checkpoints} (projection, checkpoint, position, updated_at)
             select projection, checkpoint, position::numeric, now()
             from unnest($1::text[], $2::text[], $3::text[]) as c(projection, checkpoint, position)
             on conflict (projection) do update
               set checkpoint = excluded.checkpoint, position = excluded.position, updated_at = excluded.updated_at`,
              [
                moved.map(([projection]) => projection),
                moved.map(([, c]) => c.checkpoint),
                moved.map(([, c]) => c.position),
              ],
            );
          }
        },
        this.#begin,
      ),
    );
  }

  async checkpoint(projection: string): Promise<port.ProjectionCheckpoint | undefined> {
    const [record] = await this.#read<{ checkpoint: string; position: string; updated_at: Date }>(
      'reading a checkpoint',
      `select checkpoint, position::text as position, updated_at from ${this.#checkpoints} where projection = $1::text`,
      [projection],
    );
    return record === undefined
      ? undefined
      : {
          checkpoint: record.checkpoint,
          // numeric comes back as text: exact beyond 2^53.
          position: BigInt(record.position),
          updatedAt: record.updated_at.toISOString(),
        };
  }

  async get(view: string, key: string): Promise<port.ViewRow | undefined> {
    const [record] = await this.#read<RowRecord>(
      'reading a view row',
      `select key, partition, owner, row::text as row from ${this.#rows} where view_id = ${this.#viewId} and key = $2::text`,
      [view, key],
    );
    return record === undefined ? undefined : toViewRow(view, record);
  }

  async getMany(view: string, keys: readonly string[]): Promise<ReadonlyMap<string, port.ViewRow>> {
    const found = new Map<string, port.ViewRow>();
    if (keys.length === 0) return found;
    const records = await this.#read<RowRecord>(
      'reading view rows',
      `select key, partition, owner, row::text as row from ${this.#rows} where view_id = ${this.#viewId} and key = any($2::text[])`,
      [view, [...new Set(keys)]],
    );
    for (const record of records) found.set(record.key, toViewRow(view, record));
    return found;
  }

  async query(view: string, query: port.ViewQuery = {}): Promise<port.ViewPage> {
    const values: unknown[] = [view];
    const where = [`view_id = ${this.#viewId}`];
    const param = (value: unknown, type: string): string => {
      values.push(value);
      return `$${values.length}::${type}`;
    };
    if (query.partition !== undefined) where.push(`partition = ${param(query.partition, 'text')}`);
    if (query.owner !== undefined) {
      const owner = param(query.owner, 'text');
      where.push(
        query.includeShared === true ? `(owner = ${owner} or owner is null)` : `owner = ${owner}`,
      );
    }
    if (query.keyPrefix !== undefined && query.keyPrefix !== '') {
      // Not LIKE: % and _ would be wildcards. The range start lets the key index serve it.
      const prefix = param(query.keyPrefix, 'text');
      where.push(`key >= ${prefix} and starts_with(key, ${prefix})`);
    }
    checkViewFields(query);
    // A field's text as view-filter.ts defines it: absent or null as '', numbers in decimal.
    // Field names are checked identifiers (checkViewFields), so they may be spelled into the SQL.
    const text = (field: string): string => {
      const path = `'{${field.split('.').join(',')}}'`;
      return `coalesce(case json_typeof(row #> ${path}) when 'boolean' then (case when (row #>> ${path})::boolean then '1' else '0' end) when 'string' then row #>> ${path} when 'null' then '' else (row #> ${path})::text end, '') collate "C"`;
    };
    for (const condition of query.where ?? []) {
      const list = typeof condition.value === 'string' ? [condition.value] : [...condition.value];
      const any = fieldsOf(condition.field).map((field) =>
        condition.op === 'gte' || condition.op === 'lte'
          ? `${text(field)} ${condition.op === 'gte' ? '>=' : '<='} ${param(list[0] ?? '', 'text')}`
          : `${text(field)} = any(${param(list, 'text[]')})`,
      );
      where.push(`(${any.join(' or ')})`);
    }
    if (query.search !== undefined && query.search !== '')
      where.push(
        `strpos(lower(row::text collate "C"), lower(${param(query.search, 'text')} collate "C")) > 0`,
      );
    const filter = where.join(' and ');
    const order = query.order === 'desc' ? 'desc' : 'asc';
    const sort = query.sortBy === undefined ? undefined : text(query.sortBy);
    const pageWhere = [filter];
    if (query.after !== undefined) {
      const op = order === 'desc' ? '<' : '>';
      const key = param(query.after.key, 'text');
      if (sort === undefined) pageWhere.push(`key ${op} ${key}`);
      else {
        const value = param(query.after.value, 'text');
        pageWhere.push(`(${sort} ${op} ${value} or (${sort} = ${value} and key ${op} ${key}))`);
      }
    }
    const orderBy = sort === undefined ? `key ${order}` : `${sort} ${order}, key ${order}`;
    const limit = param(query.limit ?? null, 'bigint');
    const offset = param(query.offset ?? 0, 'bigint');
    // One statement, one snapshot: the total and the page always agree.
    const records = await this.#read<PageRecord>(
      'querying a view',
      `select matching.total::text as total, page.key, page.partition, page.owner, page.row
       from (select count(*) as total from ${this.#rows} where ${filter}) as matching
       left join lateral (
         select key, partition, owner, row::text as row, ${sort ?? 'key'} as sort_value from ${this.#rows} where ${pageWhere.join(' and ')}
         order by ${orderBy} limit ${limit} offset ${offset}
       ) as page on true
       order by page.sort_value ${order}, page.key ${order}`,
      values,
    );
    const rows: port.ViewRow[] = [];
    for (const record of records) {
      if (record.key !== null && record.row !== null)
        rows.push(toViewRow(view, { ...record, key: record.key, row: record.row }));
    }
    return { rows, total: Number(records[0]?.total ?? 0) };
  }

  async reset(projection: string, views: readonly string[]): Promise<void> {
    await this.#guard('resetting a projection', () =>
      inTransaction(this.#pool, async (client) => {
        if (views.length > 0)
          await query(
            client,
            `update ${this.#names} set name = null where name = any($1::text[])`,
            [[...views]],
          );
        await query(client, `delete from ${this.#checkpoints} where projection = $1::text`, [
          projection,
        ]);
      }),
    );
    await this.#sweep();
  }

  async swap(
    live: { projection: string; views: readonly string[] },
    shadow: { projection: string; views: readonly string[] },
  ): Promise<void> {
    const pairs: (readonly [string, string])[] = [];
    live.views.forEach((view, index) => {
      const from = shadow.views[index];
      if (from !== undefined && from !== view) pairs.push([view, from]);
    });
    await this.#guard('swapping rebuilt views in', () =>
      inTransaction(this.#pool, async (client) => {
        // Fenced commits of either projection lock these rows too: each one lands wholly before
        // the swap or finds its checkpoint moved after it, never writing to a view half swapped.
        await query(
          client,
          `select projection from ${this.#checkpoints} where projection = any($1::text[])
           order by projection for update`,
          [[live.projection, shadow.projection]],
        );
        for (const [view, from] of pairs) {
          await query(client, `update ${this.#names} set name = null where name = $1::text`, [
            view,
          ]);
          await query(client, `update ${this.#names} set name = $1::text where name = $2::text`, [
            view,
            from,
          ]);
        }
        await query(client, `delete from ${this.#checkpoints} where projection = $1::text`, [
          live.projection,
        ]);
        await query(
          client,
          `update ${this.#checkpoints} set projection = $1::text where projection = $2::text`,
          [live.projection, shadow.projection],
        );
      }),
    );
    await this.#sweep();
  }

  /**
   * The ids of the views a commit writes, made for those it upserts into that have none (impure:
   * inside the commit's transaction). A view it only deletes from and that has no id has no rows.
   */
  async #viewIds(
    client: pg.PoolClient,
    upserted: readonly string[],
    deleted: readonly string[],
  ): Promise<Map<string, string>> {
    const create = [...new Set(upserted)];
    const wanted = [...new Set([...create, ...deleted])];
    const ids = new Map<string, string>();
    if (wanted.length === 0) return ids;
    // Created in name order, so two commits adding the same names wait for each other, never
    // deadlock. A name another commit adds meanwhile is not in this statement's snapshot: the
    // insert finds it and does nothing, the select misses it, and the next attempt sees it.
    for (let attempt = 1; ; attempt += 1) {
      const found = await query<{ id: string; name: string }>(
        client,
        `with created as (
           insert into ${this.#names} (name) select unnest($1::text[]) order by 1
           on conflict (name) do nothing returning id, name
         )
         select id::text as id, name from created
         union all
         select id::text as id, name from ${this.#names} where name = any($2::text[])`,
        [create, wanted],
      );
      for (const { id, name } of found) ids.set(name, id);
      const missing = create.find((name) => !ids.has(name));
      if (missing === undefined) return ids;
      if (attempt === 3)
        throw new StoreUnavailableError(`Cannot find or make an id for the view '${missing}'.`);
    }
  }

  /**
   * Deletes the rows of retired views (a crash's leftovers too): nobody reads them any more. A
   * retired id stays as a tombstone (name null), so a later sweep also removes the rows of a commit
   * that resolved the id before it was retired and wrote them after the sweep. Best effort: the
   * swap or reset before it has committed, and rows it leaves are swept next time.
   */
  async #sweep(): Promise<void> {
    await query(
      this.#pool,
      `delete from ${this.#rows}
       where view_id = any(array(select id from ${this.#names} where name is null))`,
    ).catch(() => undefined);
  }

  /** Stops the store; ends the pool only when the store opened it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await this.#pool.end();
  }

  async #read<Row extends object>(
    what: string,
    text: string,
    values: readonly unknown[],
  ): Promise<Row[]> {
    return this.#guard(what, () => query<Row>(this.#pool, text, values));
  }

  async #guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed)
      throw new StoreUnavailableError(`Cannot go on ${what}: the PostgreSQL view store is closed.`);
    try {
      return await work();
    } catch (error) {
      throw toStoreError(error, what);
    }
  }
}
