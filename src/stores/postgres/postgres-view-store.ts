/**
 * The PostgreSQL view store: view rows and projection checkpoints in the event store's schema, on
 * a `postgres` (porsager) client. A commit is one transaction: the batches' changes are folded to
 * one final change per row, then written with a few set-based statements (`unnest` arrays, upserts
 * with `on conflict do update`), the checkpoints last. Reads are single statements, so a page and
 * its total come from one snapshot, and a swap committing meanwhile is seen whole or not at all.
 *
 * The event store keeps its node-postgres pool to itself, so this store takes its own client:
 * pass one (`{ sql, schema }`) or a connection string.
 */
import postgres from 'postgres';
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
import { migrateViews } from './postgres-view-migrations.ts';
import { quoteIdentifier } from './schema-sql.ts';
import {
  chunks,
  foldCommit,
  run,
  toJsonText,
  toViewRow,
  type RowRecord,
} from './postgres-view-rows.ts';

/** Where the view store keeps its tables, and the client it reaches them with. */
export type PostgresViewStoreOptions =
  | {
      /** A client the caller owns: the store never ends it. */
      readonly sql: postgres.Sql;
      /** Schema holding the tables (the event store's); created and migrated on open. Default `factum`. */
      readonly schema?: string;
    }
  | {
      readonly connectionString: string;
      readonly schema?: string;
      /** Pool size of the client the store opens (and ends on close). Default 10. */
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
  const owned = !('sql' in options);
  const sql =
    'sql' in options
      ? options.sql
      : postgres(options.connectionString, {
          max: options.maxConnections ?? 10,
          onnotice: () => undefined,
        });
  try {
    await migrateViews(sql, schema);
  } catch (error) {
    if (owned) await sql.end({ timeout: 1 });
    throw toStoreError(error, 'migrating the view tables');
  }
  return new PostgresViewStore(sql, schema, owned);
}

/** The ViewStore port on PostgreSQL; obtain one with `openPostgresViewStore`. */
export class PostgresViewStore implements ViewStore {
  readonly #sql: postgres.Sql;
  readonly #owned: boolean;
  readonly #rows: string;
  readonly #checkpoints: string;
  #closed = false;

  /** Wraps a client whose schema is already migrated; `owned` ends the client on close. */
  constructor(sql: postgres.Sql, schema: string, owned = false) {
    this.#sql = sql;
    this.#owned = owned;
    this.#rows = `${quoteIdentifier(schema)}.view_rows`;
    this.#checkpoints = `${quoteIdentifier(schema)}.projection_checkpoints`;
  }

  async commit(batches: readonly ProjectionCommit[]): Promise<void> {
    const { deletes, upserts, checkpoints } = foldCommit(batches);
    if (deletes.length === 0 && upserts.length === 0 && checkpoints.size === 0) return;
    await this.#guard('committing view rows', () =>
      this.#sql.begin(async (tx) => {
        for (const chunk of chunks(deletes)) {
          await run(
            tx,
            `delete from ${this.#rows} as r using unnest($1::text[], $2::text[]) as d(view, key)
             where r.view = d.view and r.key = d.key`,
            [chunk.map((c) => c.view), chunk.map((c) => c.key)],
          );
        }
        for (const chunk of chunks(upserts)) {
          // Serialised here, inside the transaction: a row that cannot be stored rolls it all back.
          const rows = chunk.map((change) => toJsonText(change.row));
          await run(
            tx,
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
          await run(
            tx,
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
    const [record] = await this.#guard('reading a checkpoint', () =>
      run<{ checkpoint: string; position: string; updated_at: Date }>(
        this.#sql,
        `select checkpoint, position::text as position, updated_at from ${this.#checkpoints} where projection = $1::text`,
        [projection],
      ),
    );
    return record === undefined
      ? undefined
      : {
          checkpoint: record.checkpoint,
          position: BigInt(record.position),
          updatedAt: record.updated_at.toISOString(),
        };
  }

  async get(view: string, key: string): Promise<ViewRow | undefined> {
    const [record] = await this.#guard('reading a view row', () =>
      run<RowRecord>(
        this.#sql,
        `select key, partition, owner, row::text as row from ${this.#rows} where view = $1::text and key = $2::text`,
        [view, key],
      ),
    );
    return record === undefined ? undefined : toViewRow(view, record);
  }

  async getMany(view: string, keys: readonly string[]): Promise<ReadonlyMap<string, ViewRow>> {
    const found = new Map<string, ViewRow>();
    if (keys.length === 0) return found;
    const records = await this.#guard('reading view rows', () =>
      run<RowRecord>(
        this.#sql,
        `select key, partition, owner, row::text as row from ${this.#rows} where view = $1::text and key = any($2::text[])`,
        [view, [...new Set(keys)]],
      ),
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
    const records = await this.#guard('querying a view', () =>
      run<PageRecord>(
        this.#sql,
        `select matching.total::text as total, page.key, page.partition, page.owner, page.row
         from (select count(*) as total from ${this.#rows} where ${filter}) as matching
         left join lateral (
           select key, partition, owner, row::text as row from ${this.#rows} where ${filter}
           order by key ${order} limit ${limit} offset ${offset}
         ) as page on true
         order by page.key ${order}`,
        values,
      ),
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
      this.#sql.begin(async (tx) => {
        if (views.length > 0)
          await run(tx, `delete from ${this.#rows} where view = any($1::text[])`, [[...views]]);
        await run(tx, `delete from ${this.#checkpoints} where projection = $1::text`, [projection]);
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
      this.#sql.begin(async (tx) => {
        if (pairs.length > 0) {
          const liveViews = pairs.map(([view]) => view);
          await run(tx, `delete from ${this.#rows} where view = any($1::text[])`, [liveViews]);
          await run(
            tx,
            `update ${this.#rows} as r set view = m.live
             from unnest($1::text[], $2::text[]) as m(live, shadow) where r.view = m.shadow`,
            [liveViews, pairs.map(([, from]) => from)],
          );
        }
        await run(tx, `delete from ${this.#checkpoints} where projection = $1::text`, [
          live.projection,
        ]);
        await run(
          tx,
          `update ${this.#checkpoints} set projection = $1::text where projection = $2::text`,
          [live.projection, shadow.projection],
        );
      }),
    );
  }

  /** Stops the store; ends the client only when the store opened it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await this.#sql.end({ timeout: 5 });
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
