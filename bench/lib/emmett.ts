/**
 * Emmett, the best-known TypeScript event-sourcing library, on the same workloads (after the
 * reference harness in shared/bench): its command handler (read + decide + append) on SQLite and
 * PostgreSQL, and its PostgreSQL consumer catching up. Emmett is an optional dev dependency: when
 * it is not installed, each measurement says how to install it instead. Its SQLite store needs
 * node-sqlite3, a native addon built from source, so it lives in an opt-in install of its own
 * (bench/peers/emmett-sqlite, set up by `npm run bench:setup-emmett-sqlite`) rather than in Factum's.
 */
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import { rawPayload } from './raw-sqlite.ts';
import { now, runConcurrent, type RepOutcome } from './stats.ts';

/** How to install what a measurement needs. */
export const emmettInstallHint = {
  postgres: 'install @event-driven-io/emmett@0.42.0 @event-driven-io/emmett-postgresql@0.42.0',
  sqlite: 'run npm run bench:setup-emmett-sqlite',
} as const;

/** The opt-in install of Emmett's core and SQLite store, with its own node_modules. */
const sqlitePeer = new URL('../peers/emmett-sqlite/', import.meta.url);

interface EmmettEvent {
  readonly type: string;
  readonly data: Record<string, string | number>;
}
interface OrderState {
  readonly status: string;
  readonly items: number;
  readonly total: number;
}
interface EmmettStore {
  appendToStream(stream: string, events: readonly EmmettEvent[]): Promise<unknown>;
  close?(): Promise<void>;
  schema?: { migrate(): Promise<void> };
  consumer?(options: unknown): EmmettConsumer;
}
interface EmmettPostgresStore extends EmmettStore {
  schema: {
    migrate(): Promise<void>;
    dangerous: { truncate(options: { resetSequences: boolean }): Promise<void> };
  };
}
interface EmmettConsumer {
  reactor(options: {
    processorId: string;
    startFrom: 'BEGINNING';
    eachMessage: () => Promise<void>;
    stopAfter: () => boolean;
  }): unknown;
  start(): Promise<void>;
  close(): Promise<void>;
}
type Handle = (
  store: EmmettStore,
  stream: string,
  decide: (state: OrderState) => EmmettEvent,
) => Promise<unknown>;
interface EmmettCore {
  CommandHandler(options: {
    evolve: (state: OrderState, event: EmmettEvent) => OrderState;
    initialState: () => OrderState;
  }): Handle;
  isExpectedVersionConflictError(error: unknown): boolean;
}
interface EmmettPostgres {
  getPostgreSQLEventStore(
    url: string,
    options: { connectionOptions: { pool: pg.Pool } },
  ): EmmettPostgresStore;
}
interface EmmettSqlite {
  getSQLiteEventStore(options: unknown): EmmettStore;
  sqliteConnection(options: { fileName: string }): { close(): void };
}

/** Imports a module by a name the type checker does not resolve: it may well be absent (impure). */
async function optionalImport<T>(name: string): Promise<T | undefined> {
  try {
    return (await import(name)) as T;
  } catch {
    return undefined;
  }
}

const initialState = (): OrderState => ({ status: 'Empty', items: 0, total: 0 });
const evolve = (state: OrderState, event: EmmettEvent): OrderState => {
  if (event.type !== 'ProductItemAdded') return state;
  const quantity = Number(event.data['quantity']);
  const unitPrice = Number(event.data['unitPrice']);
  return {
    status: 'Open',
    items: state.items + quantity,
    total: state.total + quantity * unitPrice,
  };
};
const addItem =
  (i: number) =>
  (state: OrderState): EmmettEvent => {
    if (state.status === 'Confirmed') throw new Error('order confirmed');
    return { type: 'ProductItemAdded', data: rawPayload(i) };
  };

/** Emmett's core and PostgreSQL store, or why not (impure: imports). */
async function loadPostgres(): Promise<{ core: EmmettCore; store: EmmettPostgres } | string> {
  const core = await optionalImport<EmmettCore>('@event-driven-io/emmett');
  const store = await optionalImport<EmmettPostgres>('@event-driven-io/emmett-postgresql');
  if (core === undefined || store === undefined) return `n/a (${emmettInstallHint.postgres})`;
  return { core, store };
}

/**
 * Emmett's core and SQLite store from the opt-in install (both from there, as the reference harness
 * pairs them), or why not (impure: reads the disk, imports).
 */
async function loadSqlite(): Promise<{ core: EmmettCore; store: EmmettSqlite } | string> {
  const installed = new URL('node_modules/@event-driven-io/emmett-sqlite/package.json', sqlitePeer);
  if (!existsSync(installed)) return `n/a (${emmettInstallHint.sqlite})`;
  try {
    // sqlite3 first, by require: when its addon fails to load inside an ESM import, Node 20 rejects
    // the import and then still crashes the process; a require fails cleanly.
    createRequire(new URL('package.json', sqlitePeer))('sqlite3');
    return (await import(new URL('index.mjs', sqlitePeer).href)) as {
      core: EmmettCore;
      store: EmmettSqlite;
    };
  } catch (error) {
    // Installed but broken (typically sqlite3's addon not built): say so rather than skip quietly.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return `n/a (Emmett SQLite does not load: "${message.slice(0, 100)}"; ${emmettInstallHint.sqlite})`;
  }
}

/** Runs `commands` command-handler round trips over 1000 streams at `callers`; conflicts are not counted. */
async function handlerRounds(
  core: EmmettCore,
  store: EmmettStore,
  commands: number,
  callers: number,
): Promise<RepOutcome> {
  const handle = core.CommandHandler({ evolve, initialState });
  let conflicts = 0;
  const run = await runConcurrent(commands, callers, async (i) => {
    try {
      await handle(store, `order-${i % 1000}`, addItem(i));
    } catch (error) {
      if (core.isExpectedVersionConflictError(error)) conflicts += 1;
      else throw error;
    }
  });
  return { count: commands - conflicts, ms: run.ms, latencies: run.latencies };
}

/**
 * A function measuring Emmett's PostgreSQL command handler at some callers in a database (its tables
 * in `public`: give it a scratch database), or the reason it cannot (impure).
 */
export async function emmettPostgresHandler(): Promise<
  ((url: string, commands: number, callers: number) => Promise<RepOutcome>) | string
> {
  const loaded = await loadPostgres();
  if (typeof loaded === 'string') return loaded;
  const { core, store } = loaded;
  return async (url, commands, callers) => {
    const pool = new pg.Pool({ connectionString: url, max: callers });
    const events = store.getPostgreSQLEventStore(url, { connectionOptions: { pool } });
    try {
      await events.schema?.migrate();
      await events.schema?.dangerous.truncate({ resetSequences: true });
      await Promise.all(Array.from({ length: callers }, () => pool.query('select 1')));
      return await handlerRounds(core, events, commands, callers);
    } finally {
      await events.close?.();
      await pool.end().catch(() => undefined);
    }
  };
}

/**
 * A function measuring Emmett's SQLite command handler on a fresh file (one shared connection:
 * Emmett's SQLite store fails with SQLITE_BUSY under concurrent callers), or the reason it cannot.
 */
export async function emmettSqliteHandler(
  fileFor: (rep: number) => string,
): Promise<((commands: number, rep: number) => Promise<RepOutcome>) | string> {
  const loaded = await loadSqlite();
  if (typeof loaded === 'string') return loaded;
  const { core, store } = loaded;
  return async (commands, rep) => {
    const fileName = fileFor(rep);
    const connection = store.sqliteConnection({ fileName });
    const events = store.getSQLiteEventStore({
      fileName,
      schema: { autoMigration: 'CreateOrUpdate' },
      connectionOptions: { singleton: true, connection },
    });
    try {
      // As on PostgreSQL, the schema is in place before the clock starts.
      await events.schema?.migrate();
      return await handlerRounds(core, events, commands, 1);
    } finally {
      connection.close();
      for (const f of [fileName, `${fileName}-wal`, `${fileName}-shm`]) rmSync(f, { force: true });
    }
  };
}

/**
 * Measures Emmett's PostgreSQL consumer catching up from the beginning over `events` events
 * (seeded 100 per append by one writer; tuned: batches of 1000, no pause between pulls), or the
 * reason it cannot. Each call seeds afresh and catches up once.
 */
export async function emmettPostgresCatchUp(): Promise<
  ((url: string, events: number) => Promise<RepOutcome>) | string
> {
  const loaded = await loadPostgres();
  if (typeof loaded === 'string') return loaded;
  const { store } = loaded;
  return async (url, count) => {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const events = store.getPostgreSQLEventStore(url, { connectionOptions: { pool } });
    try {
      await events.schema?.migrate();
      await events.schema?.dangerous.truncate({ resetSequences: true });
      for (let b = 0; b < count / 100; b += 1) {
        await events.appendToStream(
          `order-b${b}`,
          Array.from({ length: 100 }, (_, j) => ({
            type: 'ProductItemAdded',
            data: rawPayload(b * 100 + j),
          })),
        );
      }
      if (events.consumer === undefined) throw new Error('this Emmett has no consumer');
      const consumer = events.consumer({ pulling: { batchSize: 1000, pullingFrequencyInMs: 0 } });
      let seen = 0;
      const done = new Promise<void>((resolve) => {
        consumer.reactor({
          processorId: `bench-${process.pid}-${Date.now()}`,
          startFrom: 'BEGINNING',
          eachMessage: () => {
            seen += 1;
            if (seen === count) resolve();
            return Promise.resolve();
          },
          stopAfter: () => seen >= count,
        });
      });
      const start = now();
      const running = consumer.start();
      await done;
      const ms = now() - start;
      await running;
      await consumer.close();
      return { count, ms };
    } finally {
      await events.close?.();
      await pool.end().catch(() => undefined);
    }
  };
}
