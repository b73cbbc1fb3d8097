/**
 * Opens the event store and the view store a store URL names: `memory:`, `sqlite:<file>` (the
 * embedded default) or `postgres://…`. The views live in the same database as the log.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { EventStore } from '../engine/ports/event-store.ts';
import type { ViewStore } from '../engine/ports/view-store.ts';
import { soleProcessLeases, type Leases } from '../engine/ports/leases.ts';
import { postgresLeases } from '../stores/postgres/postgres-leases.ts';
import { sqliteLeases } from '../stores/sqlite/sqlite-leases.ts';
import { InvalidAppendError } from '../engine/ports/store-errors.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { memoryViewStore } from '../stores/memory/memory-view-store.ts';
import { openPostgresEventStore, openPostgresViewStore } from '../stores/postgres/index.ts';
import { sqliteEventStore } from '../stores/sqlite/index.ts';
import { sqliteViewStore } from '../stores/sqlite/sqlite-view-store.ts';

/** An event store and a view store over one database. */
export interface OpenStores {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** The URL with any password masked, for logs. */
  readonly description: string;
  readonly store: EventStore;
  readonly views: ViewStore;
  /** Leases for running agents and view runners in one process of several sharing the database. */
  readonly leases: Leases;
  /** The connection pool, for a store that has one (PostgreSQL): its size and waiting callers. */
  readonly pool?: {
    readonly totalCount: number;
    readonly idleCount: number;
    readonly waitingCount: number;
  };
  close(): Promise<void>;
}

/** This process's id as a lease holder: host and process id. */
export function processHolder(): string {
  return `${hostname()}:${process.pid}`;
}

/** The default store: a SQLite file under `./data/`. */
export const defaultStoreUrl = 'sqlite:./data/factum.db';

/** Masks the password of a URL for logs (pure). */
export function describeStoreUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** How the stores are opened, beyond what the URL says. */
export interface OpenStoresOptions {
  /**
   * How long a lease lasts without renewal (ms, default 5000): a process that stops renewing (it
   * died or froze) is replaced within about this time.
   */
  readonly leaseTtlMs?: number;
}

/** Opens the stores a URL names; PostgreSQL takes its schema from `?schema=` (default `factum`). */
export async function openStores(
  url: string,
  options: OpenStoresOptions = {},
): Promise<OpenStores> {
  const ttl = options.leaseTtlMs === undefined ? {} : { ttlMs: options.leaseTtlMs };
  const description = describeStoreUrl(url);
  if (url === 'memory:' || url === 'memory') {
    const store = memoryEventStore();
    const views = memoryViewStore();
    return {
      kind: 'memory',
      description,
      store,
      views,
      leases: soleProcessLeases(processHolder()),
      close: async () => {
        await views.close();
        await store.close();
      },
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? 'factum';
    parsed.searchParams.delete('schema');
    // A process frozen inside a transaction (a view commit) would keep its row locks — the
    // checkpoint's, the lease's — for the whole pause, and the process taking its leases over would
    // wait on them. The server ends such a session once it has idled in its transaction for half
    // the ttl, before the leases expire, and its locks go with it.
    const idleInTransactionMs = Math.max(500, Math.floor((options.leaseTtlMs ?? 5000) / 2));
    const given = parsed.searchParams.get('options');
    const guard = `-c idle_in_transaction_session_timeout=${idleInTransactionMs}`;
    parsed.searchParams.set('options', given === null ? guard : `${given} ${guard}`);
    const connectionString = parsed.toString();
    const store = await openPostgresEventStore({ connectionString, schema });
    // One pool for both: the view store shares the event store's and never ends it.
    const views = await openPostgresViewStore({ pool: store.pool, schema }).catch(
      async (error: unknown) => {
        await store.close();
        throw error;
      },
    );
    const leases = postgresLeases({ connectionString, holder: processHolder(), schema, ...ttl });
    return {
      kind: 'postgres',
      description,
      store,
      views,
      leases,
      pool: store.pool,
      close: async () => {
        await leases.close();
        await views.close();
        await store.close();
      },
    };
  }
  if (url.startsWith('sqlite:') || !url.includes('://')) {
    const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
    if (path === '') throw new InvalidAppendError(`'${url}' names no SQLite file.`);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const store = sqliteEventStore({ path });
    const views = sqliteViewStore(store);
    return {
      kind: 'sqlite',
      description,
      store,
      views,
      leases: sqliteLeases(store.database, { holder: processHolder(), ...ttl }),
      close: async () => {
        await views.close();
        await store.close();
      },
    };
  }
  throw new InvalidAppendError(
    `Unknown store URL '${description}': use sqlite:<file>, postgres://… or memory:.`,
  );
}
