/**
 * Leases on a SQLite file shared by several processes of one machine: a row per lease with its
 * holder, fencing token and expiry, in the same file as the log and the views, so that a view
 * commit checks its token in its own transaction. Every process reads one clock (the machine's).
 * A lease is taken over, with the next token, once it has expired; tokens are never reset.
 */
import type Database from 'better-sqlite3';
import type {
  LeaseFence,
  LeaseGrant,
  LeaseRecord,
  Leases,
  LeaseTable,
} from '../../engine/ports/leases.ts';
import { sqliteCode, toStoreError } from './sqlite-errors.ts';

export interface SqliteLeasesOptions {
  /** This process's id as a lease holder. */
  readonly holder: string;
  /** How long a lease lasts without renewal (ms, default 5000). */
  readonly ttlMs?: number;
  /** The clock expiries are judged by (ms since the epoch; default `Date.now`). */
  readonly now?: () => number;
}

/** The table of leases, read by the view store's fencing too. */
export const sqliteLeasesTable = 'factum_leases';

/** Members not seen for this long are forgotten (ms). */
const forgetMembersAfterMs = 60_000;

/** How long a lease statement waits for another process's write (ms): renewals must not stall. */
const leaseBusyTimeoutMs = 50;

interface LeaseRow {
  readonly name: string;
  readonly holder: string;
  readonly token: bigint;
  readonly acquired_at: bigint;
  readonly renewed_at: bigint;
  readonly expires_at: bigint;
}

/** Creates the lease tables if missing (impure). The unfenced lease table of earlier versions goes. */
export function createSqliteLeaseTables(db: Database.Database): void {
  db.exec(`create table if not exists ${sqliteLeasesTable} (
    name text primary key,
    holder text not null,
    token integer not null,
    acquired_at integer not null,
    renewed_at integer not null,
    expires_at integer not null
  ) strict;
  create table if not exists factum_lease_members (
    holder text primary key,
    acquired_at integer not null,
    renewed_at integer not null,
    expires_at integer not null
  ) strict;
  drop table if exists leases;`);
}

/** Leases kept in the `factum_leases` table of the SQLite database (created if missing). */
export function sqliteLeases(db: Database.Database, options: SqliteLeasesOptions): Leases {
  const ttlMs = options.ttlMs ?? 5000;
  const clock = options.now ?? Date.now;
  const holder = options.holder;
  createSqliteLeaseTables(db);
  const take = db.prepare<{ name: string; holder: string; now: number; expiresAt: number }>(
    `insert into ${sqliteLeasesTable} (name, holder, token, acquired_at, renewed_at, expires_at)
     values (@name, @holder, 1, @now, @now, @expiresAt)
     on conflict (name) do update set holder = excluded.holder, token = token + 1,
       acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at,
       expires_at = excluded.expires_at
     where expires_at <= @now
     returning token`,
  );
  const extend = db.prepare<{
    name: string;
    holder: string;
    token: bigint;
    now: number;
    expiresAt: number;
  }>(
    `update ${sqliteLeasesTable} set renewed_at = @now, expires_at = @expiresAt
     where name = @name and holder = @holder and token = @token and expires_at > @now
     returning token`,
  );
  const give = db.prepare<{ name: string; holder: string; token: bigint }>(
    `update ${sqliteLeasesTable} set expires_at = 0
     where name = @name and holder = @holder and token = @token`,
  );
  const present = db.prepare<{ holder: string; now: number; expiresAt: number }>(
    `insert into factum_lease_members (holder, acquired_at, renewed_at, expires_at)
     values (@holder, @now, @now, @expiresAt)
     on conflict (holder) do update set renewed_at = excluded.renewed_at,
       expires_at = excluded.expires_at`,
  );
  const forget = db.prepare<{ holder: string; before: number }>(
    'delete from factum_lease_members where holder = @holder or expires_at < @before',
  );
  const leases = db.prepare(`select * from ${sqliteLeasesTable} order by name`).safeIntegers();
  const members = db
    .prepare<[number]>(
      `select holder as name, holder, 0 as token, acquired_at, renewed_at, expires_at
       from factum_lease_members where expires_at > ? order by holder`,
    )
    .safeIntegers();
  take.safeIntegers();
  extend.safeIntegers();

  /**
   * Runs a lease write waiting at most a moment for another process's write lock: better-sqlite3
   * waits synchronously, which would stall this whole process for the busy timeout on every renewal
   * while the file is locked. A file still busy throws; the supervisor tries again next round.
   */
  const briefly = <T>(action: string, work: () => T): T => {
    const timeout = Number(db.pragma('busy_timeout', { simple: true }));
    db.pragma(`busy_timeout = ${Math.min(timeout, leaseBusyTimeoutMs)}`);
    try {
      return work();
    } catch (error) {
      const mapped = toStoreError(error, db.name, action);
      throw mapped instanceof Error ? mapped : new Error(String(mapped));
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  };
  const grant = (name: string, token: bigint, expiresAt: number): LeaseGrant => ({
    name,
    holder,
    token,
    expiresAt,
  });

  return {
    holder,
    ttlMs,
    fences: true,
    acquire(name) {
      const now = clock();
      try {
        const row = briefly('take a lease', () =>
          take.get({ name, holder, now, expiresAt: now + ttlMs }),
        ) as { token: bigint } | undefined;
        return Promise.resolve(row === undefined ? undefined : grant(name, row.token, now + ttlMs));
      } catch (error) {
        // Another process is writing: no one can take a lease now; try again next round.
        if (sqliteCode((error as Error).cause)?.startsWith('SQLITE_BUSY') === true)
          return Promise.resolve(undefined);
        return failed(error);
      }
    },
    renew(fence: LeaseFence) {
      const now = clock();
      try {
        const row = briefly('renew a lease', () =>
          extend.get({ ...fence, holder, now, expiresAt: now + ttlMs }),
        );
        return Promise.resolve(
          row === undefined ? undefined : grant(fence.name, fence.token, now + ttlMs),
        );
      } catch (error) {
        return failed(error);
      }
    },
    release(fence) {
      try {
        briefly('give a lease up', () => give.run({ ...fence, holder }));
      } catch {
        // Busy or closed: the lease simply expires.
      }
      return Promise.resolve();
    },
    heartbeat(isPresent) {
      const now = clock();
      try {
        briefly('say this process is present', () => {
          forget.run({ holder: isPresent ? '' : holder, before: now - forgetMembersAfterMs });
          if (isPresent) present.run({ holder, now, expiresAt: now + ttlMs });
        });
      } catch (error) {
        return failed(error);
      }
      return Promise.resolve();
    },
    table() {
      const now = clock();
      return Promise.resolve<LeaseTable>({
        now,
        leases: (leases.all() as LeaseRow[]).map(toRecord),
        members: (members.all(now) as LeaseRow[]).map(toRecord),
      });
    },
    close: () => Promise.resolve(),
  };
}

function failed(error: unknown): Promise<never> {
  return Promise.reject(error instanceof Error ? error : new Error(String(error)));
}

function toRecord(row: LeaseRow): LeaseRecord {
  return {
    name: row.name,
    holder: row.holder,
    token: row.token,
    acquiredAt: Number(row.acquired_at),
    renewedAt: Number(row.renewed_at),
    expiresAt: Number(row.expires_at),
  };
}
