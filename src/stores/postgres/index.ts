/**
 * @module
 * The PostgreSQL event store: global order without holes (transaction id + position), LISTEN/NOTIFY
 * wake-ups with polling, reconnects after a server restart, versioned schema migrations.
 */
export {
  openPostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres-event-store.ts';
export { migrate } from './migrate.ts';
export { MIGRATIONS, type Migration } from './schema-sql.ts';
export { formatCheckpoint, parseCheckpoint, compareLogKeys, type LogKey } from './checkpoint.ts';
export { isConnectionError } from './connection-errors.ts';
export {
  openPostgresViewStore,
  PostgresViewStore,
  type PostgresViewStoreOptions,
} from './postgres-view-store.ts';
export { migrateViews, VIEW_MIGRATIONS } from './postgres-view-migrations.ts';
