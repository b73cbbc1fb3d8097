/**
 * The subscription loop shared by stores that can read "the next batch after a checkpoint": catch
 * up batch by batch, then sleep until an append in this process wakes it or the poll interval ends.
 * The switch from catch-up to live needs no special case: live is catch-up with nothing left to read,
 * so no event is missed or delivered twice.
 */
import type {
  Checkpoint,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../../engine/ports/event-store.ts';

/** What the loop needs from a store. */
export interface SubscriptionSource {
  /** Up to `limit` events strictly after `after` (from the start when undefined), in global order. */
  readBatch(after: Checkpoint | undefined, limit: number): Promise<readonly RecordedEvent[]>;
  /** The checkpoint of the last event visible to readers, or undefined when the log is empty. */
  head(): Promise<Checkpoint | undefined>;
  /** True when a reader that has delivered up to `delivered` has seen everything up to `target`. */
  reached(delivered: Checkpoint | undefined, target: Checkpoint): boolean;
  /** Registers a wake-up to call after each append made through this store; returns its removal. */
  onAppend(listener: () => void): () => void;
  /** How long to sleep before looking again when no wake-up comes (appends from other processes). */
  readonly pollIntervalMs?: number;
}

/** The default number of events per batch of a subscription. */
export const defaultSubscriptionBatchSize = 500;

interface Waiter {
  readonly target: Checkpoint;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Starts a subscription over a source and returns its handle (effectful: runs until closed or failed). */
export function startPollingSubscription(
  source: SubscriptionSource,
  options: SubscribeOptions,
): Subscription {
  return new PollingSubscription(source, options);
}

class PollingSubscription implements Subscription {
  readonly #source: SubscriptionSource;
  readonly #options: SubscribeOptions;
  readonly #batchSize: number;
  readonly #removeListener: () => void;
  readonly #loop: Promise<void>;
  #after: Checkpoint | undefined;
  #delivered: Checkpoint | undefined;
  #closed = false;
  #inHandler = false;
  #signalled = false;
  #failure: { readonly error: unknown } | undefined;
  #waiters: Waiter[] = [];
  #wake: (() => void) | undefined;

  constructor(source: SubscriptionSource, options: SubscribeOptions) {
    this.#source = source;
    this.#options = options;
    this.#batchSize = positiveInteger(options.batchSize) ?? defaultSubscriptionBatchSize;
    this.#after = options.after;
    this.#removeListener = source.onAppend(() => {
      this.#signal();
    });
    this.#loop = this.#run();
  }

  get checkpoint(): Checkpoint | undefined {
    return this.#delivered;
  }

  async caughtUp(): Promise<void> {
    this.#throwIfFailed();
    if (this.#closed) throw new Error('The subscription is closed.');
    const target = await this.#source.head();
    if (target === undefined) return;
    this.#throwIfFailed();
    if (this.#source.reached(this.#after, target)) return;
    if (this.#closed) throw new Error('The subscription was closed before catching up.');
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ target, resolve, reject });
      this.#signal();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#signal();
    this.#rejectWaiters(new Error('The subscription was closed before catching up.'));
    // Closing from inside the handler must not wait for the handler to return.
    if (!this.#inHandler) await this.#loop;
  }

  async #run(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      while (!this.#closed) {
        this.#signalled = false;
        const batch = await this.#source.readBatch(this.#after, this.#batchSize);
        if (this.#closed) break;
        const last = batch.at(-1);
        if (last !== undefined) {
          this.#inHandler = true;
          try {
            await this.#options.handler(batch);
          } finally {
            this.#inHandler = false;
          }
          this.#after = last.checkpoint;
          this.#delivered = last.checkpoint;
          this.#settleWaiters();
          continue;
        }
        this.#settleWaiters();
        if (this.#signalled || this.#closed) continue;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          const interval = this.#source.pollIntervalMs;
          if (interval !== undefined) {
            timer = setTimeout(resolve, interval);
            timer.unref();
          }
        });
        this.#wake = undefined;
        if (timer !== undefined) clearTimeout(timer);
      }
    } catch (error) {
      this.#failure = { error };
      this.#closed = true;
      this.#rejectWaiters(error);
      this.#options.onError?.(error);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.#removeListener();
    }
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }

  #signal(): void {
    this.#signalled = true;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #settleWaiters(): void {
    const pending: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (this.#source.reached(this.#after, waiter.target)) waiter.resolve();
      else pending.push(waiter);
    }
    this.#waiters = pending;
  }

  #rejectWaiters(error: unknown): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }
}

function positiveInteger(value: number | undefined): number | undefined {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
