/**
 * Applies the store's versioned migrations to a schema, once each, under an advisory lock so that
 * processes starting together do not race (the second waits, then finds the work done).
 */
import type pg from 'pg';
import { inTransaction, query } from './pg-session.ts';
import { MIGRATIONS, migrationStatements, quoteIdentifier, type Migration } from './schema-sql.ts';

/**
 * Takes the migration lock of `schema` until the transaction ends (impure). Taken before anything
 * else, by the event store's and the view store's migrations alike: even `create schema` races
 * with itself.
 */
export async function lockMigrations(client: pg.PoolClient, schema: string): Promise<void> {
  await query(client, 'select pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
    `factum-migrations:${schema}`,
  ]);
}

/**
 * Applies, in order, each of `migrations` that the table `versions` does not list yet, listing it
 * there; returns the versions applied (impure).
 */
export async function applyPending(
  client: pg.PoolClient,
  schema: string,
  versions: string,
  migrations: readonly Migration[],
): Promise<readonly number[]> {
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
}

/**
 * Brings `schema` up to the last of `migrations` (all of them by default) and returns the versions
 * it applied (impure).
 */
export async function migrate(
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<readonly number[]> {
  const quoted = quoteIdentifier(schema);
  return inTransaction(pool, async (client) => {
    await lockMigrations(client, schema);
    await client.query(`create schema if not exists ${quoted}`);
    await client.query(
      `create table if not exists ${quoted}.schema_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`,
    );
    return applyPending(client, schema, `${quoted}.schema_migrations`, migrations);
  });
}
