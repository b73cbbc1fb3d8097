/**
 * The SQLite store's schema, as numbered migrations the store applies itself when it opens a file.
 * Each migration runs in its own IMMEDIATE transaction with its row in `schema_migrations` and the
 * new `PRAGMA user_version`, so a file is always at one whole version, and two processes opening
 * the same file at once migrate it once.
 */
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';

/** One step of the schema. Never edit a released migration: add the next one. */
export interface SqliteMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The schema of the SQLite event store, oldest first. */
export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'streams and events',
    sql: `
      CREATE TABLE streams (
        stream_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE events (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        stream_id TEXT NOT NULL REFERENCES streams (stream_id),
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}',
        recorded_at TEXT NOT NULL,
        UNIQUE (stream_id, version)
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'idempotency keys',
    sql: `
      CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];

/** Reads the schema version a database file is at: 0 for a new file (effectful: reads the file). */
export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings a database up to the last migration and returns its version (effectful: writes the file).
 * Refuses a file from a newer Factum, and a read-only file that needs migrating.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly SqliteMigration[] = sqliteMigrations,
  options: { readonly readonly?: boolean } = {},
): number {
  checkMigrations(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreUnavailableError(
      `The SQLite database '${db.name}' has schema version ${current}, newer than this Factum knows (${latest}).`,
    );
  }
  if (current === latest) return current;
  if (options.readonly === true) {
    throw new StoreUnavailableError(
      `The SQLite database '${db.name}' is at schema version ${current} and needs migrating to ${latest}, but it is open read-only.`,
    );
  }
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      // Read again under the write lock: another process may have migrated meanwhile.
      if (schemaVersion(db) >= migration.version) return;
      db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
      );
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${migration.version}`);
    });
    if (migration.version > current) apply.immediate();
  }
  return schemaVersion(db);
}

function checkMigrations(migrations: readonly SqliteMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `SQLite migrations must be numbered 1, 2, 3…: '${migration.name}' is ${migration.version}.`,
      );
    }
  });
}
