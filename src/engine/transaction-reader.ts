/** Reads transactions straight from the log: state, facts, children. Consistent, not a view. */
import type { Fact, JsonValue, TransactionState } from '../core/index.ts';
import type { FactReader } from '../model/action-rule.ts';
import type { LedgerReader } from './ledger-cache.ts';
import { readLedger } from './ledger-effects.ts';
import { loadChildIds, loadTransaction, type LoadedTransaction } from './load-transaction.ts';
import type { EventStore } from './ports/event-store.ts';

/** Reads a row of a view, for rules that assess views. */
export type ViewRowReader = (view: string, key: string) => Promise<JsonValue | undefined>;

/** Builds a fact reader over the log (and, for `view`, over the view store). */
export function transactionReader(
  store: EventStore,
  readView: ViewRowReader,
  load: (transactionId: string) => Promise<LoadedTransaction> = (id) => loadTransaction(store, id),
  ledgerBalance: LedgerReader = (name, key) => readLedger(store, name, key),
): FactReader {
  const reader: FactReader = {
    async transaction(id: string): Promise<TransactionState | undefined> {
      const { state } = await load(id);
      return state.status === 'initial' ? undefined : state;
    },
    async facts(id: string): Promise<readonly Fact[]> {
      return (await load(id)).facts;
    },
    async children(id: string): Promise<readonly TransactionState[]> {
      const ids = await loadChildIds(store, id);
      const states = await Promise.all(ids.map((child) => reader.transaction(child)));
      return states.filter((state): state is TransactionState => state !== undefined);
    },
    async ledger(name: string, key: string) {
      return (await ledgerBalance(name, key)).balance;
    },
    async view<T extends JsonValue = JsonValue>(name: string, key: string): Promise<T | undefined> {
      return (await readView(name, key)) as T | undefined;
    },
  };
  return reader;
}
