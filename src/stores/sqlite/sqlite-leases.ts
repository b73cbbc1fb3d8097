/**
 * Leases on a SQLite file shared by several processes: a row per lease with its holder and an
 * expiry, taken over by another process once it expires (the holder renews it well before).
 */
import type Database from 'better-sqlite3';
import type { Leases } from '../../engine/ports/leases.ts';
import { sqliteCode, toStoreError } from './sqlite-errors.ts';

export interface SqliteLeasesOptions {
  /** This process's id as a lease holder. */
  readonly holder: string;
  /** How long a lease lasts without renewal (ms, default 5000). */
  readonly ttlMs?: number;
}

/** Leases kept in a `leases` table of the SQLite database (created if missing). */
export function sqliteLeases(db: Database.Database, options: SqliteLeasesOptions): Leases {
  const ttl = options.ttlMs ?? 5000;
  db.exec(`create table if not exists leases (
    name text primary key,
    holder text not null,
    expires_at integer not null
  ) strict`);
  const take = db.prepare<{ name: string; holder: string; expiresAt: number; now: number }>(
    `insert into leases (name, holder, expires_at) values (@name, @holder, @expiresAt)
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
     where leases.holder = excluded.holder or leases.expires_at < @now`,
  );
  const give = db.prepare<[string, string]>('delete from leases where name = ? and holder = ?');
  /** The leases this process holds, with when they expire unless renewed. */
  const heldUntil = new Map<string, number>();
  /**
   * Runs a write without waiting for another process's lock: better-sqlite3 waits synchronously,
   * which would stall this whole process for the busy timeout on every renewal while the file is
   * locked. A busy file answers at once instead.
   */
  const withoutWaiting = <T>(work: () => T): T => {
    const timeout = Number(db.pragma('busy_timeout', { simple: true }));
    db.pragma('busy_timeout = 0');
    try {
      return work();
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  };
  return {
    holder: options.holder,
    tryAcquire(name) {
      const now = Date.now();
      try {
        const taken = withoutWaiting(() =>
          take.run({ name, holder: options.holder, expiresAt: now + ttl, now }),
        );
        if (taken.changes === 1) heldUntil.set(name, now + ttl);
        else heldUntil.delete(name);
        return Promise.resolve(taken.changes === 1);
      } catch (error) {
        // Another process holds the write lock: no one can take a lease from anyone now (that is a
        // write too), so what this process held it still holds. Fencing covers the lock's holder.
        if (sqliteCode(error)?.startsWith('SQLITE_BUSY') === true) {
          return Promise.resolve(heldUntil.has(name));
        }
        const mapped = toStoreError(error, db.name, 'take a lease');
        return Promise.reject(mapped instanceof Error ? mapped : new Error(String(mapped)));
      }
    },
    release(name) {
      heldUntil.delete(name);
      try {
        withoutWaiting(() => give.run(name, options.holder));
      } catch {
        // Busy or closed: the lease simply expires.
      }
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
