/**
 * Commits out of position order, on the production append path, for the tests that must see them:
 * a trigger in the test's own schema runs inside each append's transaction after its events are
 * inserted (their positions taken) and before it commits. The store has no test hook of its own.
 */
import pg from 'pg';
import { vi } from 'vitest';
import { quoteIdentifier } from './schema-sql.ts';

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Every append in `schema` waits a random moment of up to `maxMs` between its inserts and its commit. */
export async function delayCommits(url: string, schema: string, maxMs: number): Promise<void> {
  const s = quoteIdentifier(schema);
  await run(
    url,
    `create function ${s}.test_delay_commit() returns trigger language plpgsql as $$
     begin perform pg_sleep(random() * ${maxMs / 1000}); return null; end $$;
     create trigger test_delay_commit after insert on ${s}.events
       for each statement execute function ${s}.test_delay_commit();`,
  );
}

/** A gate that holds appends to one stream between their inserts and their commit. */
export interface CommitGate {
  /** Resolves once an append to the stream waits at the gate: its positions taken, uncommitted. */
  reached(): Promise<void>;
  /** Lets the held appends commit (once; a second call waits for the first). */
  release(): Promise<void>;
}

/**
 * Holds every append to `streamId` in `schema` before its commit until `release()`: the trigger
 * waits for an advisory lock this gate's own session holds (`schema` must already exist: open the
 * store first).
 */
export async function holdCommits(
  url: string,
  schema: string,
  streamId: string,
): Promise<CommitGate> {
  const s = quoteIdentifier(schema);
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  const { rows } = await holder.query<{ key: string }>(
    'select hashtextextended($1, 0)::text as key',
    [`test-commit-gate:${schema}:${streamId}`],
  );
  const key = rows[0]?.key ?? '0';
  await holder.query('select pg_advisory_lock($1::bigint)', [key]);
  await holder.query(
    `create function ${s}.test_hold_commit() returns trigger language plpgsql as $$
     begin perform pg_advisory_xact_lock_shared(${key}); return null; end $$;
     create trigger test_hold_commit after insert on ${s}.events for each row
       when (new.stream_id = ${holder.escapeLiteral(streamId)})
       execute function ${s}.test_hold_commit();`,
  );
  let released: Promise<void> | undefined;
  return {
    reached: async () => {
      await vi.waitUntil(
        async () => {
          const { rows } = await holder.query<{ waiting: number }>(
            `select count(*)::int as waiting from pg_locks
             where locktype = 'advisory' and not granted and objsubid = 1
               and ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
            [key],
          );
          return (rows[0]?.waiting ?? 0) > 0;
        },
        { timeout: 10_000, interval: 5 },
      );
    },
    release: () =>
      (released ??= holder
        .query('select pg_advisory_unlock($1::bigint)', [key])
        .then(() => holder.end())),
  };
}
