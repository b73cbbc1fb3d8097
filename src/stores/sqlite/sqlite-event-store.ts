/**
 * The SQLite event store: one file per database (or `:memory:`), WAL mode, appends in
 * `BEGIN IMMEDIATE` transactions, positions from an AUTOINCREMENT key so the global order is the
 * commit order. better-sqlite3 is synchronous; the API stays async-shaped like every store.
 */
import Database from 'better-sqlite3';
import type * as port from '../../engine/ports/event-store.ts';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { startPollingSubscription } from '../contract/polling-subscription.ts';
import {
  parsePositionCheckpoint,
  positionCheckpoint,
  positionReached,
} from '../contract/position-checkpoint.ts';
import { validateAppend } from '../contract/validate-append.ts';
import { migrate } from './migrations.ts';
import type { ValidAppend } from './sqlite-append.ts';
import { batchWriter, type BatchWrite } from './sqlite-batch-writer.ts';
import { toStoreError } from './sqlite-errors.ts';
import type { EventTuple, SqliteStatements } from './sqlite-rows.ts';
import { prepareStatements, recordedEvent } from './sqlite-rows.ts';

/** How hard SQLite works to make a commit survive a power cut (`PRAGMA synchronous`). */
export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

/** Options of the SQLite event store. */
export interface SqliteEventStoreOptions {
  /** The database file, created when missing; `:memory:` for a private in-memory database. */
  readonly path: string;
  /** `PRAGMA synchronous`; FULL (the default) makes every acknowledged append durable. */
  readonly synchronous?: SqliteSynchronous;
  /** How long a write waits for another connection's lock before failing (ms, default 5000). */
  readonly busyTimeoutMs?: number;
  /** How often live subscriptions look for appends made by other processes (ms, default 250). */
  readonly pollIntervalMs?: number;
  /** Opens the file read-only: reads work, appends fail with StoreUnavailableError. */
  readonly readonly?: boolean;
}

const defaultBatchSize = 500;

/** An event store in a SQLite file; `database` is the open better-sqlite3 handle. */
export class SqliteEventStore implements port.EventStore {
  /** The better-sqlite3 connection, for work that must share a transaction with the log (views). */
  readonly database: Database.Database;
  /** The database file this store opened. */
  readonly path: string;
  readonly #pollIntervalMs: number;
  readonly #listeners = new Set<() => void>();
  readonly #subscriptions = new Set<port.Subscription>();
  readonly #statements: SqliteStatements;
  readonly #write: BatchWrite;
  #closed = false;

  constructor(options: SqliteEventStoreOptions) {
    this.path = options.path;
    this.#pollIntervalMs = options.pollIntervalMs ?? 250;
    const readonly = options.readonly === true;
    let db: Database.Database | undefined;
    try {
      db = new Database(options.path, {
        readonly,
        fileMustExist: readonly,
        timeout: options.busyTimeoutMs ?? 5_000,
      });
      if (!readonly) db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.pragma('foreign_keys = ON');
      migrate(db, undefined, { readonly });
      this.#statements = prepareStatements(db);
      this.#write = batchWriter(db, this.#statements, options.path, options.busyTimeoutMs ?? 5_000);
    } catch (error) {
      db?.close();
      const mapped = toStoreError(error, options.path, 'open the event store');
      // better-sqlite3 reports some open failures (a missing directory) as plain errors without a code.
      if (db === undefined && !(mapped instanceof StoreUnavailableError)) {
        throw new StoreUnavailableError(
          `Cannot open the event store: the SQLite database '${options.path}' cannot be opened (${errorMessage(error)}).`,
          { cause: error },
        );
      }
      throw mapped;
    }
    this.database = db;
  }

  /** The better-sqlite3 connection (the same as `database`). */
  get db(): Database.Database {
    return this.database;
  }

  async append(
    parts: port.StreamAppend | readonly port.StreamAppend[],
    options: port.AppendOptions = {},
  ): Promise<port.AppendResult> {
    const [result] = await this.#appendAll([
      { parts: validateAppend(parts, options), key: options.idempotencyKey },
    ]);
    if (result instanceof Error) throw result;
    if (result === undefined) throw new Error('The append has no result.');
    return result;
  }

  appendBatch(
    requests: readonly port.AppendRequest[],
  ): Promise<readonly (port.AppendResult | Error)[]> {
    const valid = requests.map((request): ValidAppend | Error => {
      try {
        const options = request.options ?? {};
        return { parts: validateAppend(request.parts, options), key: options.idempotencyKey };
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    return this.#appendAll(valid);
  }

  readStream(
    streamId: string,
    options: port.ReadStreamOptions = {},
  ): Promise<readonly port.RecordedEvent[]> {
    return new Promise((resolve) => {
      const from = Math.max(1, options.fromVersion ?? 1);
      const limit = options.maxCount === undefined ? -1 : Math.max(0, options.maxCount);
      const rows = this.#run(
        'read a stream',
        () => this.#statements.readStream.all(streamId, from, limit) as EventTuple[],
      );
      resolve(rows.map(recordedEvent));
    });
  }

  stream(streamId: string): Promise<port.StreamInfo | undefined> {
    return new Promise((resolve) => {
      const row = this.#run(
        'read a stream',
        () =>
          this.#statements.selectStream.get(streamId) as
            { version: number; metadata: string } | undefined,
      );
      resolve(
        row === undefined
          ? undefined
          : {
              streamId,
              version: row.version,
              metadata: JSON.parse(row.metadata) as port.StreamMetadata,
            },
      );
    });
  }

  async *readAll(options: port.ReadAllOptions = {}): AsyncIterable<port.RecordedEvent> {
    const batchSize =
      options.batchSize !== undefined && options.batchSize > 0
        ? options.batchSize
        : defaultBatchSize;
    let after = options.after === undefined ? 0n : parsePositionCheckpoint(options.after);
    for (;;) {
      const batch = await this.#readBatch(after, batchSize);
      const last = batch.at(-1);
      if (last === undefined) return;
      yield* batch;
      after = last.position;
    }
  }

  subscribe(options: port.SubscribeOptions): port.Subscription {
    this.#assertOpen();
    const subscription = startPollingSubscription(
      {
        readBatch: (after, limit) =>
          this.#readBatch(after === undefined ? 0n : parsePositionCheckpoint(after), limit),
        head: () => this.head(),
        reached: positionReached,
        onAppend: (listener) => {
          this.#listeners.add(listener);
          return () => this.#listeners.delete(listener);
        },
        pollIntervalMs: this.#pollIntervalMs,
      },
      options,
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Wakes the live subscriptions now, for appends made through another connection to the same file
   * (another thread of this process), which they would otherwise see at their next poll.
   */
  appendedElsewhere(): void {
    for (const listener of this.#listeners) listener();
  }

  head(): Promise<port.Checkpoint | undefined> {
    return new Promise((resolve) => {
      const row = this.#run(
        'read the head',
        () => this.#statements.head.get() as { position: number | bigint | null },
      );
      resolve(row.position === null ? undefined : positionCheckpoint(BigInt(row.position)));
    });
  }

  /** Runs `PRAGMA integrity_check`: 'ok', or SQLite's list of problems joined by newlines. */
  integrityCheck(): Promise<string> {
    return new Promise((resolve) => {
      const rows = this.#run(
        'check integrity',
        () => this.database.pragma('integrity_check') as { integrity_check: string }[],
      );
      resolve(rows.map((row) => row.integrity_check).join('\n'));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const subscriptions = [...this.#subscriptions];
    this.#subscriptions.clear();
    await Promise.all(subscriptions.map((subscription) => subscription.close()));
    this.#listeners.clear();
    this.database.close();
  }

  /** Group commit: the batch in one transaction (`batchWriter`), then the live subscriptions woken. */
  async #appendAll(
    requests: readonly (ValidAppend | Error)[],
  ): Promise<(port.AppendResult | Error)[]> {
    this.#assertOpen();
    const results = await this.#write(requests);
    if (results.some((result) => !(result instanceof Error) && !result.duplicate)) {
      for (const listener of this.#listeners) listener();
    }
    return results;
  }

  #readBatch(after: bigint, limit: number): Promise<readonly port.RecordedEvent[]> {
    return new Promise((resolve) => {
      const rows = this.#run(
        'read the log',
        () => this.#statements.readAll.all(after, limit) as EventTuple[],
      );
      resolve(rows.map(recordedEvent));
    });
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new StoreUnavailableError(`The SQLite event store '${this.path}' is closed.`);
  }

  #run<T>(action: string, body: () => T): T {
    this.#assertOpen();
    try {
      return body();
    } catch (error) {
      throw toStoreError(error, this.path, action);
    }
  }
}

/** Opens (creating and migrating if needed) a SQLite event store (effectful: opens the file). */
export function sqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
