/**
 * Loads a transaction: reads its stream and replays its facts into the state `decide` needs. The one
 * replay of a transaction stream: the engine, its cache, the HTTP reads and the CLI all fold here.
 */
import { fold, initialTransactionState, type Fact, type TransactionState } from '../core/index.ts';
import { streamAsOf, type AsOf } from './as-of.ts';
import { isFactEvent, toFact, treeStreamId } from './fact-events.ts';
import type { EventStore, RecordedEvent } from './ports/event-store.ts';

/** A transaction as loaded from the log: its facts in order and the state they fold into. */
export interface LoadedTransaction {
  readonly facts: readonly Fact[];
  readonly state: TransactionState;
}

/** A transaction as read from the log, with the recorded events its facts came from (positions…). */
export interface ReadTransaction extends LoadedTransaction {
  readonly events: readonly RecordedEvent[];
}

/** The transaction no fact has started yet. */
export const unstartedTransaction: LoadedTransaction = {
  facts: [],
  state: initialTransactionState,
};

/** Replays recorded facts of a transaction stream onto a loaded transaction (pure). */
export function replay(
  events: readonly RecordedEvent[],
  from: LoadedTransaction = unstartedTransaction,
): LoadedTransaction {
  if (events.length === 0) return from;
  const added = events.filter(isFactEvent).map(toFact);
  return { facts: [...from.facts, ...added], state: fold(from.state, added) };
}

/**
 * Reads a transaction's stream and replays it, now or as of a past moment; an unknown id (or one not
 * started by then) gives the initial state and no facts.
 */
export async function loadTransaction(
  store: EventStore,
  transactionId: string,
  asOf?: AsOf,
): Promise<ReadTransaction> {
  const events = streamAsOf(await store.readStream(transactionId), asOf);
  return { ...replay(events), events };
}

/** The state after the fact with this act id, and the facts up to it; undefined when absent (pure). */
export function stateAtAct(facts: readonly Fact[], actId: string): LoadedTransaction | undefined {
  const index = facts.findIndex((fact) => fact.actId === actId);
  if (index < 0) return undefined;
  return {
    facts: facts.slice(index, index + 1),
    state: fold(initialTransactionState, facts.slice(0, index + 1)),
  };
}

/** The ids of the child transactions a transaction started, in the order it started them. */
export async function loadChildIds(store: EventStore, parentId: string): Promise<string[]> {
  const links = await store.readStream(treeStreamId(parentId));
  return [
    ...new Set(links.map((event) => (event.data as { transactionId: string }).transactionId)),
  ];
}
