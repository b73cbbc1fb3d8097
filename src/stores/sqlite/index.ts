/**
 * @module factum/sqlite
 * The SQLite event store (better-sqlite3): one file per database, WAL, schema migrated on open.
 */
export type { SqliteMigration } from './migrations.ts';
export { migrate, schemaVersion, sqliteMigrations } from './migrations.ts';
export { sqliteCode, toStoreError } from './sqlite-errors.ts';
export type { SqliteEventStoreOptions, SqliteSynchronous } from './sqlite-event-store.ts';
export { SqliteEventStore, sqliteEventStore } from './sqlite-event-store.ts';
export type { SqliteViewStoreOptions } from './sqlite-view-store.ts';
export { SqliteViewStore, sqliteViewStore } from './sqlite-view-store.ts';
export { migrateViews, sqliteViewMigrations, viewSchemaVersion } from './sqlite-view-migrations.ts';
