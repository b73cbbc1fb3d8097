/**
 * Leases on a SQLite file shared by several processes: a row per lease with its holder and an
 * expiry, taken over by another process once it expires (the holder renews it well before).
 */
import type Database from 'better-sqlite3';
import type { Leases } from '../../engine/ports/leases.ts';
import { toStoreError } from './sqlite-errors.ts';

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
  return {
    holder: options.holder,
    tryAcquire(name) {
      try {
        const now = Date.now();
        const taken = take.run({ name, holder: options.holder, expiresAt: now + ttl, now });
        return Promise.resolve(taken.changes === 1);
      } catch (error) {
        const mapped = toStoreError(error, db.name, 'take a lease');
        return Promise.reject(mapped instanceof Error ? mapped : new Error(String(mapped)));
      }
    },
    release(name) {
      give.run(name, options.holder);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
