/**
 * A subscription to the PostgreSQL log: reads batches after its checkpoint (only below the oldest
 * running transaction, so nothing is skipped), hands them to the handler, then waits for a NOTIFY
 * or the poll interval. Lost connections are retried with capped exponential backoff from the
 * last delivered checkpoint; a failing handler or any other error stops it and reports to onError.
 */
import type {
  Checkpoint,
  RecordedEvent,
  Subscription,
  SubscriptionHandler,
} from '../../engine/ports/event-store.ts';
import { compareLogKeys, parseCheckpoint, type LogKey } from './checkpoint.ts';
import { isConnectionError } from './connection-errors.ts';

/** What a subscription needs from its store. */
export interface SubscriptionSource {
  /** Events after `after` whose transactions are all finished, in global order. */
  readBatch(after: LogKey, limit: number): Promise<readonly RecordedEvent[]>;
  /** The key of the last committed event, whether or not readers may see it yet. */
  lastCommittedKey(): Promise<LogKey | undefined>;
  /** Registers a wake-up for new appends; returns its removal. */
  onAppend(listener: () => void): () => void;
}

export interface PostgresSubscriptionOptions {
  readonly start: LogKey;
  readonly batchSize: number;
  readonly handler: SubscriptionHandler;
  readonly onError: ((error: unknown) => void) | undefined;
  readonly pollIntervalMs: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

interface Waiter {
  readonly target: LogKey;
  resolve(): void;
  reject(error: unknown): void;
}

// While someone awaits caughtUp, poll quickly: the target may only wait for an older transaction.
const CATCH_UP_POLL_MS = 10;

/** A running subscription; starts in the constructor. */
export class PostgresSubscription implements Subscription {
  readonly #source: SubscriptionSource;
  readonly #options: PostgresSubscriptionOptions;
  readonly #waiters = new Set<Waiter>();
  readonly #unlisten: () => void;
  readonly #done: Promise<void>;
  #key: LogKey;
  #checkpoint: Checkpoint | undefined;
  #closed = false;
  #failed: { readonly error: unknown } | undefined;
  // A wake-up that arrives while reading must not be lost: it makes the next sleep return at once.
  #wakeRequested = false;
  #endSleep: (() => void) | undefined;

  constructor(source: SubscriptionSource, options: PostgresSubscriptionOptions) {
    this.#source = source;
    this.#options = options;
    this.#key = options.start;
    this.#unlisten = source.onAppend(() => this.#wake());
    this.#done = this.#run();
  }

  get checkpoint(): Checkpoint | undefined {
    return this.#checkpoint;
  }

  /** Resolves once everything committed at call time is delivered; rejects with the error that stopped it. */
  async caughtUp(): Promise<void> {
    this.#throwIfFailed();
    const target = await this.#source.lastCommittedKey();
    this.#throwIfFailed();
    if (target === undefined || compareLogKeys(this.#key, target) >= 0 || this.#closed) return;
    await new Promise<void>((resolve, reject) => {
      this.#waiters.add({ target, resolve, reject });
      this.#wake();
    });
  }

  #throwIfFailed(): void {
    if (this.#failed !== undefined) throw this.#failed.error;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake();
    await this.#done;
  }

  async #run(): Promise<void> {
    let delay = this.#options.initialDelayMs;
    try {
      while (!this.#closed) {
        let batch: readonly RecordedEvent[];
        this.#wakeRequested = false;
        try {
          batch = await this.#source.readBatch(this.#key, this.#options.batchSize);
          delay = this.#options.initialDelayMs;
        } catch (error) {
          if (this.#closed) return;
          if (!isConnectionError(error)) throw error;
          // The server is away: resume from the checkpoint once it is back.
          await this.#sleep(delay);
          delay = Math.min(delay * 2, this.#options.maxDelayMs);
          continue;
        }
        const last = batch.at(-1);
        if (last !== undefined) {
          await this.#options.handler(batch);
          this.#key = parseCheckpoint(last.checkpoint);
          this.#checkpoint = last.checkpoint;
          this.#settle();
        }
        if (batch.length < this.#options.batchSize) {
          await this.#sleep(
            this.#waiters.size > 0 ? CATCH_UP_POLL_MS : this.#options.pollIntervalMs,
          );
        }
      }
    } catch (error) {
      this.#closed = true;
      this.#failed = { error };
      this.#options.onError?.(error);
    } finally {
      this.#unlisten();
      for (const waiter of this.#waiters) {
        if (this.#failed === undefined) waiter.resolve();
        else waiter.reject(this.#failed.error);
      }
      this.#waiters.clear();
    }
  }

  #settle(): void {
    for (const waiter of this.#waiters) {
      if (compareLogKeys(this.#key, waiter.target) >= 0) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  #wake(): void {
    this.#wakeRequested = true;
    this.#endSleep?.();
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#closed || this.#wakeRequested) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#endSleep = done;
    });
    this.#endSleep = undefined;
  }
}
