/**
 * Ledger balances kept between reads: a key's next read asks the log only for the movements
 * appended since (by this process or any other) instead of reading and folding its whole stream,
 * which grows with every order. The log stays the source of truth: every read asks it.
 */
import { readLedger } from './ledger-effects.ts';
import {
  applyMovement,
  ledgerEntryOf,
  ledgerStreamId,
  type LedgerBalance,
} from './ledger-events.ts';
import type { EventStore } from './ports/event-store.ts';
import { tunables } from '../tunables.ts';

/** A ledger key's balance and the version of its stream it was folded up to. */
export interface LedgerReading {
  readonly balance: LedgerBalance;
  readonly version: number;
}

/** Reads a ledger key's balance (the log's, up to now). */
export type LedgerReader = (ledger: string, key: string) => Promise<LedgerReading>;

/** Reads ledger balances through a bounded, least-recently-used cache of folded balances. */
export class LedgerCache {
  readonly #entries = new Map<string, LedgerReading>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity: number = tunables.perform.cachedLedgerKeys,
  ) {}

  /** The key's balance: the cached fold plus whatever the log has after it. */
  async read(ledger: string, key: string): Promise<LedgerReading> {
    const streamId = ledgerStreamId(ledger, key);
    const cached = this.#entries.get(streamId);
    if (cached === undefined) {
      const read = await readLedger(this.store, ledger, key);
      this.#keep(streamId, read);
      return read;
    }
    const events = await this.store.readStream(streamId, { fromVersion: cached.version + 1 });
    let { balance } = cached;
    for (const event of events) balance = applyMovement(balance, ledgerEntryOf(event));
    const read = { balance, version: cached.version + events.length };
    this.#keep(streamId, read);
    return read;
  }

  #keep(streamId: string, read: LedgerReading): void {
    this.#entries.delete(streamId);
    this.#entries.set(streamId, read);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
