/**
 * The PostgreSQL view store: view rows and projection checkpoints in the event store's schema, on
 * a node-postgres pool (the client the event store measured fastest; see its comment). A commit is
 * one transaction on a checked-out connection: fenced first (each batch's expected checkpoint
 * compared with its locked row), then the batches' changes folded to one final change per row and
 * written with a few set-based statements (`unnest` arrays, upserts with `on conflict do update`),
 * the checkpoints last. Reads are single statements, so a page and its total come from one
 * snapshot, and a swap committing meanwhile is seen whole or not at all.
 *
 * Usually opened on the event store's pool (`{ pool: store.pool, schema }`), which it never ends;
 * or on a pool of its own from a connection string, which it ends on close.
 */
import pg from 'pg';
import { InvalidAppendError, StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import type {
  ProjectionCheckpoint,
  ProjectionCommit,
  ViewPage,
  ViewQuery,
  ViewRow,
  ViewStore,
} from '../../engine/ports/view-store.ts';
import { toStoreError } from './connection-errors.ts';
import { inTransaction, query } from './pg-session.ts';
import { fenceCommit } from './postgres-view-fencing.ts';
import { migrateViews } from './postgres-view-migrations.ts';
import { quoteIdentifier } from './schema-sql.ts';
import { chunks, foldCommit, toJsonText, toViewRow, type RowRecord } from './postgres-view-rows.ts';

/** Where the view store keeps its tables, and the pool it reaches them with. */
export type PostgresViewStoreOptions =
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
    };

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
  // An idle connection dropped by a server restart must not crash the process; the pool replaces it.
  if (owned) pool.on('error', () => undefined);
  try {
    await migrateViews(pool, schema);
  } catch (error) {
    if (owned) await pool.end();
    throw toStoreError(error, 'migrating the view tables');
  }
  return new PostgresViewStore(pool, schema, owned);
}

/** The ViewStore port on PostgreSQL; obtain one with `openPostgresViewStore`. */
export class PostgresViewStore implements ViewStore {
  readonly #pool: pg.Pool;
  readonly #owned: boolean;
  readonly #rows: string;
  readonly #checkpoints: string;
  #closed = false;

  /** Wraps a pool whose schema is already migrated; `owned` ends the pool on close. */
  constructor(pool: pg.Pool, schema: string, owned = false) {
    this.#pool = pool;
    this.#owned = owned;
    this.#rows = `${quoteIdentifier(schema)}.view_rows`;
    this.#checkpoints = `${quoteIdentifier(schema)}.projection_checkpoints`;
  }

  async commit(batches: readonly ProjectionCommit[]): Promise<void> {
    const { deletes, upserts, checkpoints } = foldCommit(batches);
    if (deletes.length === 0 && upserts.length === 0 && checkpoints.size === 0) return;
    await this.#guard('committing view rows', () =>
      inTransaction(this.#pool, async (client) => {
        await fenceCommit(client, this.#checkpoints, batches);
        for (const chunk of chunks(deletes)) {
          await query(
            client,
            `delete from ${this.#rows} as r using unnest($1::text[], $2::text[]) as d(view, key)
             where r.view = d.view and r.key = d.key`,
            [chunk.map((c) => c.view), chunk.map((c) => c.key)],
          );
        }
        for (const chunk of chunks(upserts)) {
          // Serialised here, inside the transaction: a row that cannot be stored rolls it all back.
          const rows = chunk.map((change) => toJsonText(change.row));
          await query(
            client,
            `insert into ${this.#rows} (view, key, partition, owner, row)
             select view, key, partition, owner, row::json
             from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as u(view, key, partition, owner, row)
             on conflict (view, key) do update
               set partition = excluded.partition, owner = excluded.owner, row = excluded.row`,
            [
              chunk.map((c) => c.view),
              chunk.map((c) => c.key),
              chunk.map((c) => c.partition ?? null),
              chunk.map((c) => c.owner ?? null),
              rows,
            ],
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
      }),
    );
  }

  async checkpoint(projection: string): Promise<ProjectionCheckpoint | undefined> {
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

  async get(view: string, key: string): Promise<ViewRow | undefined> {
    const [record] = await this.#read<RowRecord>(
      'reading a view row',
      `select key, partition, owner, row::text as row from ${this.#rows} where view = $1::text and key = $2::text`,
      [view, key],
    );
    return record === undefined ? undefined : toViewRow(view, record);
  }

  async getMany(view: string, keys: readonly string[]): Promise<ReadonlyMap<string, ViewRow>> {
    const found = new Map<string, ViewRow>();
    if (keys.length === 0) return found;
    const records = await this.#read<RowRecord>(
      'reading view rows',
      `select key, partition, owner, row::text as row from ${this.#rows} where view = $1::text and key = any($2::text[])`,
      [view, [...new Set(keys)]],
    );
    for (const record of records) found.set(record.key, toViewRow(view, record));
    return found;
  }

  async query(view: string, query: ViewQuery = {}): Promise<ViewPage> {
    const values: unknown[] = [view];
    const where = ['view = $1::text'];
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
    const filter = where.join(' and ');
    const order = query.order === 'desc' ? 'desc' : 'asc';
    const limit = param(query.limit ?? null, 'bigint');
    const offset = param(query.offset ?? 0, 'bigint');
    // One statement, one snapshot: the total and the page always agree.
    const records = await this.#read<PageRecord>(
      'querying a view',
      `select matching.total::text as total, page.key, page.partition, page.owner, page.row
       from (select count(*) as total from ${this.#rows} where ${filter}) as matching
       left join lateral (
         select key, partition, owner, row::text as row from ${this.#rows} where ${filter}
         order by key ${order} limit ${limit} offset ${offset}
       ) as page on true
       order by page.key ${order}`,
      values,
    );
    const rows: ViewRow[] = [];
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
          await query(client, `delete from ${this.#rows} where view = any($1::text[])`, [
            [...views],
          ]);
        await query(client, `delete from ${this.#checkpoints} where projection = $1::text`, [
          projection,
        ]);
      }),
    );
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
        if (pairs.length > 0) {
          const liveViews = pairs.map(([view]) => view);
          await query(client, `delete from ${this.#rows} where view = any($1::text[])`, [
            liveViews,
          ]);
          await query(
            client,
            `update ${this.#rows} as r set view = m.live
             from unnest($1::text[], $2::text[]) as m(live, shadow) where r.view = m.shadow`,
            [liveViews, pairs.map(([, from]) => from)],
          );
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
