/**
 * Leases on PostgreSQL: session advisory locks held on one dedicated connection. When the process
 * dies its connection closes and the server releases its locks at once, so another process takes
 * over on its next try. If the connection drops, every lease is lost and taken again on reconnect.
 */
import pg from 'pg';
import type { Leases } from '../../engine/ports/leases.ts';

export interface PostgresLeasesOptions {
  readonly connectionString: string;
  /** This process's id as a lease holder. */
  readonly holder: string;
  /** Scopes the lock keys, so that schemas sharing a server do not share leases. */
  readonly namespace: string;
}

/** Leases as PostgreSQL advisory locks on a connection of their own. */
export function postgresLeases(options: PostgresLeasesOptions): Leases {
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  const held = new Set<string>();
  const key = (name: string): string => `${options.namespace}/${name}`;

  const connection = async (): Promise<pg.Client> => {
    if (client !== undefined) return client;
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString: options.connectionString });
      fresh.on('error', () => {
        // The server dropped us: its locks are gone with the session.
        held.clear();
        if (client === fresh) client = undefined;
      });
      fresh.on('end', () => {
        held.clear();
        if (client === fresh) client = undefined;
      });
      await fresh.connect();
      client = fresh;
      return fresh;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    holder: options.holder,
    async tryAcquire(name) {
      try {
        const session = await connection();
        if (held.has(name)) {
          await session.query('select 1');
          return held.has(name);
        }
        const result = await session.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
          [key(name)],
        );
        if (result.rows[0]?.locked === true) held.add(name);
        return held.has(name);
      } catch {
        held.clear();
        const broken = client;
        client = undefined;
        await broken?.end().catch(() => undefined);
        return false;
      }
    },
    async release(name) {
      if (!held.delete(name) || client === undefined) return;
      await client
        .query('select pg_advisory_unlock(hashtextextended($1, 0))', [key(name)])
        .catch(() => undefined);
    },
    async close() {
      held.clear();
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}
