/**
 * @module factum/sqlite
 * The SQLite event store (better-sqlite3): one file per database, WAL, schema migrated on open.
 */
export type { SqliteMigration } from './migrations.ts';
export { migrate, schemaVersion, sqliteMigrations } from './migrations.ts';
export { sqliteCode, toStoreError } from './sqlite-errors.ts';
export type { SqliteEventStoreOptions, SqliteSynchronous } from './sqlite-event-store.ts';
export { SqliteEventStore, sqliteEventStore } from './sqlite-event-store.ts';
