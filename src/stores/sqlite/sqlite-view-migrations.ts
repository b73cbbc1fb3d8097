/**
 * The SQLite view store's tables, as numbered migrations of their own: they live in the event
 * store's file but keep their own version table (`view_store_migrations`), so the two schemas move
 * independently. Each migration runs in an IMMEDIATE transaction that re-reads the version under
 * the write lock, so two processes opening the same file migrate it once.
 */
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import type { SqliteMigration } from './migrations.ts';

/** The schema of the SQLite view store, oldest first. Never edit a released migration: add one. */
export const sqliteViewMigrations: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'view rows and projection checkpoints',
    sql: `
      CREATE TABLE view_rows (
        view TEXT NOT NULL,
        key TEXT NOT NULL,
        partition TEXT,
        owner TEXT,
        row TEXT NOT NULL,
        PRIMARY KEY (view, key)
      ) STRICT;
      CREATE INDEX view_rows_by_partition ON view_rows (view, partition, key);
      CREATE INDEX view_rows_by_owner ON view_rows (view, owner, key);
      CREATE TABLE projection_checkpoints (
        projection TEXT PRIMARY KEY,
        checkpoint TEXT NOT NULL,
        position TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'view rows keyed by a view id, names apart',
    // A view's name maps to an id that its rows carry: a rebuilt view is swapped in by renaming its
    // shadow's id, not by rewriting every row, and a retired id (name NULL) is swept later in
    // short transactions. AUTOINCREMENT: an id is never reused, so rows left behind stay orphaned.
    sql: `
      CREATE TABLE view_names (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT UNIQUE
      ) STRICT;
      INSERT INTO view_names (name) SELECT DISTINCT view FROM view_rows ORDER BY view;
      CREATE TABLE view_rows_by_id (
        view_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        partition TEXT,
        owner TEXT,
        row TEXT NOT NULL,
        PRIMARY KEY (view_id, key)
      ) STRICT;
      INSERT INTO view_rows_by_id (view_id, key, partition, owner, row)
        SELECT n.id, r.key, r.partition, r.owner, r.row
        FROM view_rows AS r JOIN view_names AS n ON n.name = r.view;
      DROP TABLE view_rows;
      ALTER TABLE view_rows_by_id RENAME TO view_rows;
      CREATE INDEX view_rows_by_partition ON view_rows (view_id, partition, key);
      CREATE INDEX view_rows_by_owner ON view_rows (view_id, owner, key);
    `,
  },
];

const versionTable = 'view_store_migrations';

/** The view-store schema version of a database: 0 before the first migration (effectful: reads). */
export function viewSchemaVersion(db: Database.Database): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(versionTable);
  if (table === undefined) return 0;
  const row = db.prepare(`SELECT max(version) AS version FROM ${versionTable}`).get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/**
 * Brings a database's view tables up to the last migration and returns the version (effectful:
 * writes the file). Refuses a file from a newer Factum, and a read-only file that needs migrating.
 */
export function migrateViews(
  db: Database.Database,
  migrations: readonly SqliteMigration[] = sqliteViewMigrations,
): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = viewSchemaVersion(db);
  if (current > latest) {
    throw new StoreUnavailableError(
      `The SQLite database '${db.name}' has view schema version ${current}, newer than this Factum knows (${latest}).`,
    );
  }
  if (current === latest) return current;
  if (db.readonly) {
    throw new StoreUnavailableError(
      `The SQLite database '${db.name}' is at view schema version ${current} and needs migrating to ${latest}, but it is open read-only.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${versionTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`,
      );
      // Read again under the write lock: another process may have migrated meanwhile.
      if (viewSchemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.prepare(`INSERT INTO ${versionTable} (version, name, applied_at) VALUES (?, ?, ?)`).run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    });
    apply.immediate();
  }
  return viewSchemaVersion(db);
}
