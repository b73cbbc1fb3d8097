/**
 * Group commit: acts that arrive together are appended in one store transaction (one sync), each
 * still decided on its own, appended all-or-nothing on its own, and acknowledged or refused on its
 * own. While batches are being made durable (as many at once as the store finds worth it), the
 * next one gathers.
 */
import type {
  AppendOptions,
  AppendRequest,
  AppendResult,
  EventStore,
  StreamAppend,
} from './ports/event-store.ts';
import { tunables } from '../tunables.ts';

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** Appends through the store's `appendBatch`, batching concurrent callers; one by one without it. */
export class GroupCommitter {
  readonly #queue: Pending[] = [];
  readonly #limit: number;
  #inFlight = 0;
  #gathering = false;

  constructor(
    private readonly store: EventStore,
    private readonly maxBatch: number = tunables.perform.groupCommitBatch,
  ) {
    this.#limit = Math.max(1, Math.floor(store.batchesInFlight ?? 1));
  }

  /** Appends like `EventStore.append`, sharing the transaction with whatever arrives at the same time. */
  append(
    parts: StreamAppend | readonly StreamAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.store.appendBatch === undefined) return this.store.append(parts, options);
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: { parts, options }, resolve, reject });
      if (!this.#gathering && this.#inFlight < this.#limit) {
        // Let the acts decided in this turn of the event loop join the batch.
        this.#gathering = true;
        setImmediate(() => {
          this.#gathering = false;
          this.#startBatches();
        });
      }
    });
  }

  #startBatches(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#limit) {
      // Share what is waiting among the free slots, so that the batches commit side by side.
      const size = Math.min(
        this.maxBatch,
        Math.ceil(this.#queue.length / (this.#limit - this.#inFlight)),
      );
      this.#inFlight += 1;
      void this.#commit(this.#queue.splice(0, size)).finally(() => {
        this.#inFlight -= 1;
        this.#startBatches();
      });
    }
  }

  async #commit(batch: readonly Pending[]): Promise<void> {
    try {
      const appendBatch = this.store.appendBatch?.bind(this.store);
      if (appendBatch === undefined) throw new Error('The store cannot append in batches.');
      const results = await appendBatch(batch.map((pending) => pending.request));
      batch.forEach((pending, index) => {
        const result = results[index];
        if (result === undefined)
          pending.reject(new Error('The store answered fewer appends than it was given.'));
        else if (result instanceof Error) pending.reject(result);
        else pending.resolve(result);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
