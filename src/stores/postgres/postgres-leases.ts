/**
 * Leases on PostgreSQL: a row per lease with its holder, fencing token and expiry, in the store's
 * schema, judged by the server's clock (`clock_timestamp()`), so processes on machines whose clocks
 * differ still agree on when a lease expired. A holder renews its rows every round; one that stops
 * (killed, frozen by SIGSTOP, cut off from the database) loses them at their expiry, and another
 * process takes them over with the next token. View commits check the token in their own
 * transaction (see `postgres-view-fencing.ts`). Earlier versions held session advisory locks
 * instead: a frozen process keeps its connection, and so kept its locks, for hours.
 */
import pg from 'pg';
import type { LeaseFence, LeaseRecord, Leases, LeaseTable } from '../../engine/ports/leases.ts';
import { toStoreError } from './connection-errors.ts';
import { guardPool, inTransaction, query } from './pg-session.ts';
import { quoteIdentifier } from './schema-sql.ts';

export interface PostgresLeasesOptions {
  readonly connectionString: string;
  /** This process's id as a lease holder. */
  readonly holder: string;
  /** The schema of the store: the lease rows live beside its log and views. */
  readonly schema: string;
  /** How long a lease lasts without renewal (ms, default 5000). */
  readonly ttlMs?: number;
  /** A clock instead of the server's (ms since the epoch), for tests. */
  readonly now?: () => number;
}

/** The lease table in a schema, for the view store's fencing. */
export function postgresLeasesTable(schema: string): string {
  return `${quoteIdentifier(schema)}.factum_leases`;
}

/** Members not seen for this long are forgotten (ms). */
const forgetMembersAfterMs = 60_000;

interface LeaseRow {
  readonly name: string;
  readonly holder: string;
  readonly token: string;
  readonly acquired_at: string;
  readonly renewed_at: string;
  readonly expires_at: string;
}

/** Leases as rows of `factum_leases` in the store's schema, on a small pool of their own. */
export function postgresLeases(options: PostgresLeasesOptions): Leases {
  const ttlMs = options.ttlMs ?? 5000;
  const holder = options.holder;
  const table = postgresLeasesTable(options.schema);
  const members = `${quoteIdentifier(options.schema)}.factum_lease_members`;
  // A statement that hangs (the server unreachable) gives up well within the ttl: the supervisor
  // must come round again to notice that its leases ran out.
  const limit = Math.max(200, Math.floor(ttlMs / 2));
  const pool = guardPool(
    new pg.Pool({
      connectionString: withServerTimeouts(options.connectionString, limit),
      max: 2,
      connectionTimeoutMillis: limit,
      query_timeout: limit,
      idleTimeoutMillis: 0,
    }),
  );
  // The time a statement judges expiry by: the server's, unless a clock is injected.
  const now = (at: number): string => `coalesce($${at}::bigint, ${serverNowMs})`;
  const clock = (): number | null => options.now?.() ?? null;
  let created: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    created ??= createTables(pool, options.schema, table, members).catch((error: unknown) => {
      created = undefined;
      throw error;
    });
    return created;
  };
  const run = async <Row extends object>(
    action: string,
    text: string,
    values: readonly unknown[],
  ): Promise<Row[]> => {
    try {
      await ready();
      return await query<Row>(pool, text, values);
    } catch (error) {
      const mapped = toStoreError(error, action);
      throw mapped instanceof Error ? mapped : new Error(String(mapped));
    }
  };

  return {
    holder,
    ttlMs,
    fences: true,
    async acquire(name) {
      const [row] = await run<{ token: string; expires_at: string }>(
        'take a lease',
        `with t as (select ${now(3)} as now)
         insert into ${table} as l (name, holder, token, acquired_at, renewed_at, expires_at)
         select $1::text, $2::text, 1, t.now, t.now, t.now + $4::bigint from t
         on conflict (name) do update set holder = excluded.holder, token = l.token + 1,
           acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at,
           expires_at = excluded.expires_at
         where l.expires_at <= excluded.acquired_at
         returning token, expires_at`,
        [name, holder, clock(), ttlMs],
      );
      return row === undefined
        ? undefined
        : { name, holder, token: BigInt(row.token), expiresAt: Number(row.expires_at) };
    },
    async renew(fence: LeaseFence) {
      const [row] = await run<{ expires_at: string }>(
        'renew a lease',
        `with t as (select ${now(4)} as now)
         update ${table} as l set renewed_at = t.now, expires_at = t.now + $5::bigint from t
         where l.name = $1::text and l.holder = $2::text and l.token = $3::bigint
           and l.expires_at > t.now
         returning l.expires_at`,
        [fence.name, holder, fence.token.toString(), clock(), ttlMs],
      );
      return row === undefined
        ? undefined
        : { ...fence, holder, expiresAt: Number(row.expires_at) };
    },
    async release(fence) {
      await run(
        'give a lease up',
        `update ${table} set expires_at = 0
         where name = $1::text and holder = $2::text and token = $3::bigint`,
        [fence.name, holder, fence.token.toString()],
      );
    },
    async heartbeat(present) {
      await run(
        'say this process is present',
        `delete from ${members}
         where holder = $1::text or expires_at < ${now(2)} - ${forgetMembersAfterMs}`,
        [present ? '' : holder, clock()],
      );
      if (!present) return;
      await run(
        'say this process is present',
        `with t as (select ${now(2)} as now)
         insert into ${members} as m (holder, acquired_at, renewed_at, expires_at)
         select $1::text, t.now, t.now, t.now + $3::bigint from t
         on conflict (holder) do update set renewed_at = excluded.renewed_at,
           expires_at = excluded.expires_at`,
        [holder, clock(), ttlMs],
      );
    },
    async table(): Promise<LeaseTable> {
      const [at] = await run<{ now: string }>('read the leases', `select ${now(1)} as now`, [
        clock(),
      ]);
      const time = Number(at?.now ?? Date.now());
      const leases = await run<LeaseRow>(
        'read the leases',
        `select * from ${table} order by name`,
        [],
      );
      const present = await run<LeaseRow>(
        'read the leases',
        `select holder as name, holder, 0 as token, acquired_at, renewed_at, expires_at
         from ${members} where expires_at > $1::bigint order by holder`,
        [time],
      );
      return { now: time, leases: leases.map(toRecord), members: present.map(toRecord) };
    },
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * The connection string with the server giving up too, after `ms`: a statement waiting on a lock (a
 * frozen holder's commit) must not keep this pool's connections busy after the client stopped
 * waiting. Added after any options the string has, so these win (pure).
 */
function withServerTimeouts(connectionString: string, ms: number): string {
  const url = new URL(connectionString);
  const given = url.searchParams.get('options');
  const mine = `-c statement_timeout=${ms} -c lock_timeout=${ms} -c idle_in_transaction_session_timeout=${ms}`;
  url.searchParams.set('options', given === null ? mine : `${given} ${mine}`);
  return url.toString();
}

/** The server's time in ms since the epoch, as SQL. */
const serverNowMs = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** Creates the lease tables if missing, one process at a time (impure). */
async function createTables(
  pool: pg.Pool,
  schema: string,
  table: string,
  members: string,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    // Two processes creating the same table at once can collide in the catalog: take turns.
    await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `factum-leases-ddl:${schema}`,
    ]);
    await client.query(`create schema if not exists ${quoteIdentifier(schema)}`);
    await client.query(`create table if not exists ${table} (
      name text primary key,
      holder text not null,
      token bigint not null,
      acquired_at bigint not null,
      renewed_at bigint not null,
      expires_at bigint not null
    )`);
    await client.query(`create table if not exists ${members} (
      holder text primary key,
      acquired_at bigint not null,
      renewed_at bigint not null,
      expires_at bigint not null
    )`);
  });
}

function toRecord(row: LeaseRow): LeaseRecord {
  return {
    name: row.name,
    holder: row.holder,
    token: BigInt(row.token),
    acquiredAt: Number(row.acquired_at),
    renewedAt: Number(row.renewed_at),
    expiresAt: Number(row.expires_at),
  };
}
