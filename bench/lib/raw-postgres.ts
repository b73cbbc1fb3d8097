/**
 * The raw PostgreSQL limits (after the reference harness in shared/bench/pg-raw.mjs, `postgres`
 * client): autocommit single-row inserts over a pool, and a Factum log read in order by cursor.
 */
import postgres from 'postgres';
import { rawPayload } from './raw-sqlite.ts';
import { now, runConcurrent, type RepOutcome } from './stats.ts';

/**
 * Inserts `rows` single rows (one durable autocommit each, synchronous_commit on) over `connections`
 * connections into a new table of `schema` (impure).
 */
export async function rawPgSingleInserts(
  url: string,
  schema: string,
  rows: number,
  connections: number,
): Promise<RepOutcome> {
  const sql = postgres(url, { max: connections, onnotice: () => undefined });
  try {
    await sql.unsafe(`create schema if not exists "${schema}";
      drop table if exists "${schema}".raw_events;
      create table "${schema}".raw_events (global_position bigserial primary key,
        stream_id text not null, version int not null, type text not null, data jsonb not null,
        created timestamptz not null default now());
      create unique index on "${schema}".raw_events (stream_id, version);`);
    await Promise.all(Array.from({ length: connections }, () => sql`select 1`));
    const text = `insert into "${schema}".raw_events (stream_id, version, type, data) values ($1, $2, $3, $4)`;
    const run = await runConcurrent(rows, connections, (i) =>
      sql.unsafe(
        text,
        [`order-${Math.floor(i / 10)}`, (i % 10) + 1, 'ItemAdded', JSON.stringify(rawPayload(i))],
        { prepare: true },
      ),
    );
    return { count: rows, ms: run.ms, latencies: run.latencies };
  } finally {
    await sql.end();
  }
}

/** Reads a Factum PostgreSQL log in global order by cursor of 5000 (jsonb parsed by the driver) (impure). */
export async function rawPgOrderedRead(url: string, schema: string): Promise<RepOutcome> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await sql`select 1`;
    let count = 0;
    const start = now();
    await sql
      .unsafe(
        `select position, id, stream_id, version, type, data, metadata, recorded_at from "${schema}".events order by position`,
      )
      .cursor(5000, (rows) => {
        count += rows.length;
      });
    return { count, ms: now() - start };
  } finally {
    await sql.end();
  }
}
