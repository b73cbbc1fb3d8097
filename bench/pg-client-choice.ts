/**
 * Measures the two maintained PostgreSQL clients, `postgres` (porsager) and `pg` (node-postgres),
 * on the round trips the event store makes: single-row inserts at concurrency 1 and 32, and a
 * batched multi-row insert. Prints ops/s; never run by the test suite.
 *
 * Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/pg-client-choice.ts
 */
import pg from 'pg';
import postgres from 'postgres';

const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const table = `bench_client_${process.pid}`;
const durationMs = Number(process.env['BENCH_MS'] ?? 3000);
const batchRows = 100;

interface Client {
  readonly name: string;
  insertOne(i: number): Promise<void>;
  insertBatch(start: number): Promise<void>;
  /** The shape of an append: begin, advisory lock, read, insert, notify, commit. */
  transaction(i: number): Promise<void>;
  end(): Promise<void>;
}

function porsager(): Client {
  // synchronous_commit=off: measure the client, not the disk's fsync.
  const sql = postgres(url, {
    max: 32,
    onnotice: () => undefined,
    connection: { synchronous_commit: 'off' },
  });
  const target = sql(table);
  return {
    name: 'postgres',
    async insertOne(i) {
      await sql`insert into ${target} (n, data) values (${i}, ${sql.json({ i, kind: 'one' })})`;
    },
    async insertBatch(start) {
      const rows = Array.from({ length: batchRows }, (_, k) => ({ n: start + k, kind: 'batch' }));
      await sql`insert into ${target} (n, data)
        select (r->>'n')::int, r from jsonb_array_elements(${sql.json(rows)}::jsonb) r`;
    },
    async transaction(i) {
      await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${i % 64})`;
        await tx`select count(*) from ${target} where n = ${i}`;
        await tx`insert into ${target} (n, data) values (${i}, ${tx.json({ i, kind: 'tx' })})`;
        await tx`select pg_notify('bench', ${String(i)})`;
      });
    },
    async end() {
      await sql.end();
    },
  };
}

function nodePostgres(): Client {
  const pool = new pg.Pool({
    connectionString: url,
    max: 32,
    options: '-c synchronous_commit=off',
  });
  return {
    name: 'pg',
    async insertOne(i) {
      await pool.query({
        name: 'bench-insert-one',
        text: `insert into ${table} (n, data) values ($1, $2)`,
        values: [i, JSON.stringify({ i, kind: 'one' })],
      });
    },
    async insertBatch(start) {
      const rows = Array.from({ length: batchRows }, (_, k) => ({ n: start + k, kind: 'batch' }));
      await pool.query({
        name: 'bench-insert-batch',
        text: `insert into ${table} (n, data) select (r->>'n')::int, r from jsonb_array_elements($1::jsonb) r`,
        values: [JSON.stringify(rows)],
      });
    },
    async transaction(i) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query({
          name: 'bench-lock',
          text: 'select pg_advisory_xact_lock($1)',
          values: [i % 64],
        });
        await client.query({
          name: 'bench-read',
          text: `select count(*) from ${table} where n = $1`,
          values: [i],
        });
        await client.query({
          name: 'bench-insert-one',
          text: `insert into ${table} (n, data) values ($1, $2)`,
          values: [i, JSON.stringify({ i, kind: 'tx' })],
        });
        await client.query({
          name: 'bench-notify',
          text: `select pg_notify('bench', $1)`,
          values: [String(i)],
        });
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    async end() {
      await pool.end();
    },
  };
}

async function measure(work: (i: number) => Promise<void>, concurrency: number): Promise<number> {
  let next = 0;
  const deadline = Date.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) await work(next++);
    }),
  );
  return next / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  await admin`create table if not exists ${admin(table)} (id bigserial primary key, n int not null, data jsonb not null)`;
  await admin`create index if not exists ${admin(`${table}_n`)} on ${admin(table)} (n)`;
  try {
    const results = new Map<string, number[][]>();
    const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
    const order = Array.from({ length: rounds }, (_, r) =>
      r % 2 === 0 ? [porsager, nodePostgres] : [nodePostgres, porsager],
    ).flat();
    for (const make of order) {
      await admin`truncate ${admin(table)}`;
      const client = make();
      await measure((i) => client.insertOne(i), 4); // warm-up: connections and prepared statements
      const one = await measure((i) => client.insertOne(i), 1);
      const many = await measure((i) => client.insertOne(i), 32);
      const batch = await measure((i) => client.insertBatch(i * batchRows), 4);
      const tx = await measure((i) => client.transaction(i), 8);
      console.log(
        `${client.name.padEnd(8)} insert c=1: ${one.toFixed(0).padStart(6)} ops/s | insert c=32: ${many
          .toFixed(0)
          .padStart(
            6,
          )} ops/s | batch of ${batchRows} c=4: ${batch.toFixed(0).padStart(5)} batches/s (${(
          batch * batchRows
        ).toFixed(0)} rows/s) | append-shaped tx c=8: ${tx.toFixed(0)} tx/s`,
      );
      results.set(client.name, [
        ...(results.get(client.name) ?? []),
        [one, many, batch * batchRows, tx],
      ]);
      await client.end();
    }
    for (const [name, runs] of results) {
      const median = (k: number): string => {
        const sorted = runs.map((run) => run[k] ?? 0).sort((a, b) => a - b);
        return (sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(0);
      };
      console.log(
        `median ${name.padEnd(8)} insert c=1: ${median(0)} ops/s | insert c=32: ${median(1)} ops/s | batch rows/s: ${median(2)} | tx c=8: ${median(3)} tx/s`,
      );
    }
  } finally {
    await admin`drop table if exists ${admin(table)}`;
    await admin.end();
  }
}

await main();
