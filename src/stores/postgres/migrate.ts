/**
 * Applies the store's versioned migrations to a schema, once each, under an advisory lock so that
 * processes starting together do not race (the second waits, then finds the work done).
 */
import type pg from 'pg';
import { inTransaction, query } from './pg-session.ts';
import { MIGRATIONS, migrationStatements, quoteIdentifier, type Migration } from './schema-sql.ts';

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
    // Taken before anything else: even `create schema if not exists` races with itself.
    await query(client, 'select pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `factum-migrations:${schema}`,
    ]);
    await client.query(`create schema if not exists ${quoted}`);
    await client.query(
      `create table if not exists ${quoted}.schema_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`,
    );
    const done = await query<{ version: number }>(
      client,
      `select version from ${quoted}.schema_migrations`,
    );
    const applied = new Set(done.map((row) => row.version));
    const now: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migrationStatements(migration, schema)) await client.query(statement);
      await query(
        client,
        `insert into ${quoted}.schema_migrations (version, name) values ($1, $2)`,
        [migration.version, migration.name],
      );
      now.push(migration.version);
    }
    return now;
  });
}
