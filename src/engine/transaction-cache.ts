/**
 * Folded transactions kept between acts: a transaction's next act reads only the facts appended
 * since (by this process or any other) instead of re-reading and re-folding its whole stream. The
 * log stays the source of truth: every load asks the store for what follows the cached version, and
 * `lastSeen` (which does not ask) is only ever decided on under an expected-version append.
 */
import { replay, type LoadedTransaction } from './load-transaction.ts';
import type { EventStore } from './ports/event-store.ts';
import { tunables } from '../tunables.ts';

/** Loads transactions through a bounded, least-recently-used cache of folded states. */
export class TransactionCache {
  readonly #entries = new Map<string, LoadedTransaction>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity: number = tunables.perform.cachedTransactions,
  ) {}

  /** The transaction's facts and state: the cached fold plus whatever the log has after it. */
  async load(transactionId: string): Promise<LoadedTransaction> {
    const cached = this.#entries.get(transactionId);
    const version = cached?.state.version ?? 0;
    const events = await this.store.readStream(transactionId, { fromVersion: version + 1 });
    if (cached !== undefined && events.length === 0) {
      this.#touch(transactionId, cached);
      return cached;
    }
    const loaded = replay(events, cached);
    if (loaded.state.version > 0) this.remember(transactionId, loaded);
    return loaded;
  }

  /** The transaction as this process last saw it, without asking the log; undefined when not kept. */
  lastSeen(transactionId: string): LoadedTransaction | undefined {
    const cached = this.#entries.get(transactionId);
    if (cached !== undefined) this.#touch(transactionId, cached);
    return cached;
  }

  /** Keeps a transaction as it stands after facts this process appended (their append succeeded). */
  remember(transactionId: string, loaded: LoadedTransaction): void {
    const cached = this.#entries.get(transactionId);
    if (cached !== undefined && cached.state.version > loaded.state.version) return;
    this.#touch(transactionId, loaded);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  #touch(transactionId: string, loaded: LoadedTransaction): void {
    this.#entries.delete(transactionId);
    this.#entries.set(transactionId, loaded);
  }
}
