/**
 * The PostgreSQL view store's tables, as versioned migrations of their own, in the event store's
 * schema. They keep their own version table (`view_schema_migrations`) so the two schemas move
 * independently, and take the same advisory lock as the event store's migrations, so processes
 * starting together (and the two stores' migrations) never race.
 */
import type pg from 'pg';
import { query } from './pg-session.ts';
import { migrateUnderLock } from './migrate.ts';
import type { Migration } from './schema-sql.ts';

/** Every view-store migration, oldest first. A released migration is never edited: add one. */
export const VIEW_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'view rows and projection checkpoints',
    statements: [
      // Keys compare in the "C" collation: code point order, the same in every database, so pages
      // and prefixes agree with the other stores. `json` keeps the row's text as written (key order,
      // \u0000), where jsonb would rewrite or refuse it.
      `create table $schema.view_rows (
        view text collate "C" not null,
        key text collate "C" not null,
        partition text collate "C",
        owner text collate "C",
        row json not null,
        primary key (view, key)
      )`,
      `create index view_rows_by_partition on $schema.view_rows (view, partition, key)`,
      `create index view_rows_by_owner on $schema.view_rows (view, owner, key)`,
      `create table $schema.projection_checkpoints (
        projection text primary key,
        checkpoint text not null,
        position numeric(40, 0) not null,
        updated_at timestamptz not null default now()
      )`,
    ],
  },
  {
    version: 2,
    name: 'view rows keyed by a view id, names apart',
    statements: [
      // A view's name maps to an id that its rows carry: a rebuilt view is swapped in by renaming
      // its shadow's id, not by rewriting every row; a retired id (name null) is swept afterwards.
      // An identity never hands out an id twice, so rows left behind stay orphaned.
      `create table $schema.view_names (
        id bigint generated always as identity primary key,
        name text collate "C" unique
      )`,
      `insert into $schema.view_names (name) select distinct view from $schema.view_rows order by view`,
      `create table $schema.view_rows_by_id (
        view_id bigint not null,
        key text collate "C" not null,
        partition text collate "C",
        owner text collate "C",
        row json not null,
        constraint view_rows_by_id_pkey primary key (view_id, key)
      )`,
      `insert into $schema.view_rows_by_id (view_id, key, partition, owner, row)
       select n.id, r.key, r.partition, r.owner, r.row
       from $schema.view_rows as r join $schema.view_names as n on n.name = r.view`,
      `drop table $schema.view_rows`,
      `alter table $schema.view_rows_by_id rename to view_rows`,
      `alter table $schema.view_rows rename constraint view_rows_by_id_pkey to view_rows_pkey`,
      `create index view_rows_by_partition on $schema.view_rows (view_id, partition, key)`,
      `create index view_rows_by_owner on $schema.view_rows (view_id, owner, key)`,
    ],
  },
];

/** Brings the view tables of `schema` up to the latest migration; returns the versions applied (impure). */
export function migrateViews(
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration[] = VIEW_MIGRATIONS,
): Promise<readonly number[]> {
  const table = 'view_schema_migrations';
  return migrateUnderLock(pool, schema, table, migrations, async (client, quoted) => {
    // Checked rather than `if not exists`, which would send a notice on every open.
    const [namespace] = await query(client, 'select 1 from pg_namespace where nspname = $1::text', [
      schema,
    ]);
    if (namespace === undefined) await client.query(`create schema ${quoted}`);
    const versions = `${quoted}.${table}`;
    const [found] = await query<{ found: string | null }>(
      client,
      'select to_regclass($1::text)::text as found',
      [versions],
    );
    if (found?.found === null || found === undefined) {
      await client.query(
        `create table ${versions} (
          version integer primary key,
          name text not null,
          applied_at timestamptz not null default now()
        )`,
      );
    }
  });
}
