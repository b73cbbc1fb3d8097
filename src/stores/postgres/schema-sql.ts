/**
 * The PostgreSQL store's schema as versioned migrations: SQL text per version, applied in order,
 * each once, by `migrate`. A migration once released is never edited; a change is a new version.
 */

/** One schema change: a version number and the statements that make it. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements, with `$schema` standing for the quoted schema name. */
  readonly statements: readonly string[];
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'streams, events, idempotency',
    statements: [
      `create table $schema.streams (
        stream_id text primary key,
        version integer not null check (version >= 0),
        metadata jsonb not null default '{}'::jsonb
      )`,
      `create sequence $schema.events_position_seq as bigint`,
      // transaction_id is the writing transaction (xid8, never wraps): readers order by
      // (transaction_id, position) and stop below the oldest running transaction, see the store.
      `create table $schema.events (
        position bigint not null default nextval('$schema.events_position_seq') primary key,
        transaction_id xid8 not null default pg_current_xact_id(),
        id text not null unique,
        stream_id text not null references $schema.streams (stream_id),
        version integer not null check (version >= 1),
        type text not null,
        data jsonb not null,
        metadata jsonb not null default '{}'::jsonb,
        recorded_at timestamptz not null default now(),
        unique (stream_id, version)
      )`,
      `alter sequence $schema.events_position_seq owned by $schema.events.position`,
      `create index events_global_order on $schema.events (transaction_id, position)`,
      `create table $schema.idempotency (
        key text primary key,
        result jsonb not null,
        recorded_at timestamptz not null default now()
      )`,
    ],
  },
];

/** Quotes an identifier for PostgreSQL (pure). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The statements of a migration for a schema (pure). */
export function migrationStatements(migration: Migration, schema: string): readonly string[] {
  const quoted = quoteIdentifier(schema);
  return migration.statements.map((statement) => statement.replaceAll('$schema', quoted));
}
