/**
 * The PostgreSQL event store: the port on a pooled node-postgres connection, tables in a schema of
 * its own (default `factum`), migrated on open.
 *
 * Client choice, measured with `bench/pg-client-choice.ts` against a local PostgreSQL 15, with
 * synchronous_commit off so that the client and not the disk's fsync is measured; upper median of
 * 6 alternating 2.5 s rounds on 2 CPUs shared with other work (load average 7 to 14, so read the
 * ratios, not the absolute numbers):
 *
 *   client     insert c=1   insert c=32   batch, 100 rows per insert   append-shaped transaction c=8
 *   pg         12 136/s     14 307/s      145 714 rows/s               3 045 tx/s
 *   postgres    2 076/s      9 763/s      106 736 rows/s                 830 tx/s
 *
 * `pg` (node-postgres) won every median, and the append-shaped transaction in every round (porsager
 * took single rounds of the batch and c=32 cases), so the store uses it, with named prepared
 * statements and JSON sent once-encoded as jsonb parameters.
 *
 * Global order without holes. Positions come from a sequence, handed out at insert time; with
 * concurrent writers they commit out of order, and a reader that resumes "after position N" would
 * skip a fact committed late with a smaller position, forever. So every event also records its
 * writing transaction's id (`pg_current_xact_id()`, xid8), the log is ordered by the pair
 * (transaction_id, position), the checkpoint is that pair, and readers only read rows whose
 * transaction_id is below `pg_snapshot_xmin(pg_current_snapshot())`: every transaction below it has
 * finished, so no row can later appear before what a reader has already seen. The horizon is the
 * whole cluster's: a long transaction anywhere on the server (one that has written) holds readers
 * back until it ends; it delays, it never loses or reorders.
 *
 * One round trip per append. `append` calls the PL/pgSQL function `append_events` (migration 2)
 * as one named prepared statement in autocommit: the statement is its own transaction, and the
 * function does the whole append server-side (advisory locks first, then idempotency lookup,
 * version check, writes, notify); its locks are held until that statement's commit. `appendBatch` calls `append_batch` the same way: all locks of the batch
 * first, then each request in a subtransaction of its own. A version mismatch comes back as
 * SQLSTATE FA001 with the conflict as JSON in the DETAIL and becomes ConcurrencyError; a reused
 * event id is the unique violation it always was. There is no other append path: the tests that
 * make commits interleave do it server-side too (`commit-order.test-support.ts`).
 */
import pg from 'pg';
import type * as port from '../../engine/ports/event-store.ts';
import { InvalidAppendError, StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { validateAppend } from '../contract/validate-append.ts';
import { formatCheckpoint, LOG_START, parseCheckpoint } from './checkpoint.ts';
import { toStoreError } from './connection-errors.ts';
import { migrate } from './migrate.ts';
import {
  lastCommittedKey,
  readBatchBelowHorizon,
  readerHorizon,
  readStreamEvents,
  streamInfo,
} from './postgres-reads.ts';
import { appendBatchOf, appendEvents, mapAppendError, type Qualify } from './postgres-append.ts';
import { Notifier } from './notifier.ts';
import { guardPool } from './pg-session.ts';
import { PostgresSubscription } from './postgres-subscription.ts';
import { quoteIdentifier } from './schema-sql.ts';

/** How to reach PostgreSQL and where to keep the log. */
export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  /** Schema holding the tables; created and migrated on open. Default `factum`. */
  readonly schema?: string;
  /** Pool size. Default 10. */
  readonly maxConnections?: number;
  /** How often subscriptions poll when no NOTIFY arrives. Default 500 ms. */
  readonly pollIntervalMs?: number;
  /** First and longest wait between reconnect attempts of subscriptions and the listener. Default 100 ms / 5 s. */
  readonly reconnectDelayMs?: { readonly initial?: number; readonly max?: number };
  /** Give up connecting after this long and report the store unavailable. Default 5 s. */
  readonly connectTimeoutMs?: number;
  /**
   * Group commits this process sends at once (default 1). One batch at a time lets the next one
   * gather every act decided meanwhile: W2 at 32 callers on a 2-core machine ran at 5,788 acts/s
   * with 1, 3,817 with 2 and 1,611 with 10, as concurrent batches shrink and contend for the
   * server's CPU and the appends' locks. Raise it for a database server with many cores far away.
   */
  readonly groupCommitsInFlight?: number;
}

/** Opens the store: creates the pool, applies migrations, and returns the store (impure). */
export async function openPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  const schema = options.schema ?? 'factum';
  if (schema === '') throw new InvalidAppendError('The schema name must not be empty.');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 10_000,
  });
  guardPool(pool);
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw toStoreError(error, 'migrating the schema');
  }
  return new PostgresEventStore(pool, schema, options);
}

/** The EventStore port on PostgreSQL; obtain one with `openPostgresEventStore`. */
export class PostgresEventStore implements port.EventStore {
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #t: Qualify;
  readonly #options: PostgresEventStoreOptions;
  readonly #notifier: Notifier;
  readonly #subscriptions = new Set<PostgresSubscription>();
  #closed = false;
  /** Group commits sent at once (`groupCommitsInFlight`); the rest of the pool serves reads. */
  readonly batchesInFlight: number;

  constructor(pool: pg.Pool, schema: string, options: PostgresEventStoreOptions) {
    this.batchesInFlight = Math.max(1, Math.floor(options.groupCommitsInFlight ?? 1));
    this.#pool = pool;
    this.#schema = schema;
    const quoted = quoteIdentifier(schema);
    this.#t = (table) => `${quoted}.${table}`;
    this.#options = options;
    this.#notifier = new Notifier({
      connectionString: options.connectionString,
      schema,
      initialDelayMs: options.reconnectDelayMs?.initial ?? 100,
      maxDelayMs: options.reconnectDelayMs?.max ?? 5000,
    });
  }

  /**
   * The store's connection pool, for the view store to share (`openPostgresViewStore({ pool })`):
   * one pool per process. The event store owns it and ends it on close.
   */
  get pool(): pg.Pool {
    return this.#pool;
  }

  /** The schema this store keeps its tables in. */
  get schema(): string {
    return this.#schema;
  }

  async append(
    parts: port.StreamAppend | readonly port.StreamAppend[],
    options: port.AppendOptions = {},
  ): Promise<port.AppendResult> {
    const list = validateAppend(parts, options);
    const key = options.idempotencyKey;
    try {
      const result = await appendEvents(this.#pool, this.#t, list, key);
      if (!result.duplicate) this.#notifier.wakeAll();
      return result;
    } catch (error) {
      throw toStoreError(mapAppendError(error), 'append');
    }
  }

  /**
   * Group commit: one transaction (one commit, one WAL flush) for several appends, each in a
   * subtransaction of its own so that one failing rolls back only itself. Every stream and key of
   * the batch is locked first, in one sorted statement, so concurrent batches cannot deadlock.
   */
  async appendBatch(
    requests: readonly port.AppendRequest[],
  ): Promise<readonly (port.AppendResult | Error)[]> {
    const prepared = requests.map((request) => {
      try {
        return {
          parts: validateAppend(request.parts, request.options ?? {}),
          key: request.options?.idempotencyKey,
        };
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    const valid = prepared.filter(
      (entry): entry is Exclude<typeof entry, Error> => !(entry instanceof Error),
    );
    if (valid.length === 0) return prepared as Error[];
    const [only] = valid;
    if (valid.length === 1 && only !== undefined) {
      // A batch of one is an append: append_events does it with a fraction of the statements.
      const answer = await this.append(only.parts, {
        ...(only.key === undefined ? {} : { idempotencyKey: only.key }),
      }).catch((error: unknown) => {
        if (error instanceof StoreUnavailableError || !(error instanceof Error)) throw error;
        return error;
      });
      return prepared.map((entry) => (entry instanceof Error ? entry : answer));
    }
    try {
      const results = await appendBatchOf(this.#pool, this.#t, prepared, valid);
      if (results.some((result) => !(result instanceof Error) && !result.duplicate))
        this.#notifier.wakeAll();
      return results;
    } catch (error) {
      throw toStoreError(mapAppendError(error), 'append');
    }
  }

  readStream(
    streamId: string,
    options: port.ReadStreamOptions = {},
  ): Promise<readonly port.RecordedEvent[]> {
    return readStreamEvents(this.#pool, this.#t, streamId, options);
  }

  stream(streamId: string): Promise<port.StreamInfo | undefined> {
    return streamInfo(this.#pool, this.#t, streamId);
  }

  async *readAll(options: port.ReadAllOptions = {}): AsyncIterable<port.RecordedEvent> {
    let key = options.after === undefined ? LOG_START : parseCheckpoint(options.after);
    const batchSize = batchSizeOf(options.batchSize);
    const target = await lastCommittedKey(this.#pool, this.#t);
    if (target === undefined) return;
    // Everything committed when the read began, and nothing out of order: read below the oldest
    // running transaction, and wait briefly for older transactions still writing.
    for (;;) {
      const { events, xmin } = await readBatchBelowHorizon(this.#pool, this.#t, key, batchSize);
      for (const event of events) yield event;
      const last = events.at(-1);
      if (last !== undefined) key = parseCheckpoint(last.checkpoint);
      if (events.length === batchSize) continue;
      if (xmin > target.transactionId) return;
      await delay(5);
    }
  }

  subscribe(options: port.SubscribeOptions): port.Subscription {
    const subscription = new PostgresSubscription(
      {
        readBatch: async (after, limit) =>
          (await readBatchBelowHorizon(this.#pool, this.#t, after, limit)).events,
        lastCommittedKey: () => lastCommittedKey(this.#pool, this.#t),
        onAppend: (listener) => this.#notifier.add(listener),
      },
      {
        start: options.after === undefined ? LOG_START : parseCheckpoint(options.after),
        batchSize: batchSizeOf(options.batchSize),
        handler: options.handler,
        onError: options.onError,
        pollIntervalMs: this.#options.pollIntervalMs ?? 500,
        initialDelayMs: this.#options.reconnectDelayMs?.initial ?? 100,
        maxDelayMs: this.#options.reconnectDelayMs?.max ?? 5000,
      },
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async head(): Promise<port.Checkpoint | undefined> {
    const target = await lastCommittedKey(this.#pool, this.#t);
    if (target === undefined) return undefined;
    // Report it only once readers can reach it: no older transaction may still add before it.
    for (;;) {
      const xmin = await readerHorizon(this.#pool);
      if (xmin !== undefined && xmin > target.transactionId) return formatCheckpoint(target);
      await delay(5);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    await this.#notifier.close();
    await this.#pool.end();
  }
}

function batchSizeOf(size: number | undefined): number {
  if (size === undefined) return 500;
  if (!Number.isSafeInteger(size) || size < 1)
    throw new InvalidAppendError('The batch size must be a positive integer.');
  return size;
}

async function delay(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
