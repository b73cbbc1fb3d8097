/**
 * Applies the store's versioned migrations to a schema, once each, under an advisory lock so that
 * processes starting together do not race (the second waits, then finds the work done).
 */
import type pg from 'pg';
import { inTransaction, query } from './pg-session.ts';
import { MIGRATIONS, migrationStatements, quoteIdentifier, type Migration } from './schema-sql.ts';

/**
 * Migrates `schema` in one transaction under its migration lock (impure), taken before anything
 * else by the event store's and the view store's migrations alike: even `create schema` races with
 * itself. `prepare` makes sure that the schema and its table of applied versions, `versionsTable`,
 * exist; then each of `migrations` that the table does not list yet is applied, in order, and
 * listed there. Returns the versions applied.
 */
export function migrateUnderLock(
  pool: pg.Pool,
  schema: string,
  versionsTable: string,
  migrations: readonly Migration[],
  prepare: (client: pg.PoolClient, quoted: string) => Promise<void>,
): Promise<readonly number[]> {
  const quoted = quoteIdentifier(schema);
  const versions = `${quoted}.${versionsTable}`;
  return inTransaction(pool, async (client) => {
    await query(client, 'select pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
      `factum-migrations:${schema}`,
    ]);
    await prepare(client, quoted);
    const done = await query<{ version: number }>(client, `select version from ${versions}`);
    const applied = new Set(done.map((row) => row.version));
    const now: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migrationStatements(migration, schema)) await client.query(statement);
      await query(client, `insert into ${versions} (version, name) values ($1::int, $2::text)`, [
        migration.version,
        migration.name,
      ]);
      now.push(migration.version);
    }
    return now;
  });
}

/**
 * Brings `schema` up to the last of `migrations` (all of them by default) and returns the versions
 * it applied (impure).
 */
export function migrate(
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<readonly number[]> {
  return migrateUnderLock(pool, schema, 'schema_migrations', migrations, async (client, quoted) => {
    await client.query(`create schema if not exists ${quoted}`);
    await client.query(
      `create table if not exists ${quoted}.schema_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`,
    );
  });
}
