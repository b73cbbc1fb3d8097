/** Loads a transaction: reads its stream and folds its facts into the state `decide` needs. */
import {
  evolve,
  initialTransactionState,
  type Fact,
  type TransactionState,
} from '../core/index.ts';
import { toFact } from './fact-events.ts';
import type { EventStore } from './ports/event-store.ts';

/** A transaction as loaded from the log: its facts in order and the state they fold into. */
export interface LoadedTransaction {
  readonly facts: readonly Fact[];
  readonly state: TransactionState;
}

/** Reads a transaction's stream and folds it; an unknown id gives the initial state and no facts. */
export async function loadTransaction(
  store: EventStore,
  transactionId: string,
): Promise<LoadedTransaction> {
  const events = await store.readStream(transactionId);
  const facts = events.map(toFact);
  let state = initialTransactionState;
  for (const fact of facts) state = evolve(state, fact);
  return { facts, state };
}

/** The state after the fact with this act id, and the facts up to it; undefined when absent (pure). */
export function stateAtAct(facts: readonly Fact[], actId: string): LoadedTransaction | undefined {
  const index = facts.findIndex((fact) => fact.actId === actId);
  if (index < 0) return undefined;
  let state = initialTransactionState;
  for (const fact of facts.slice(0, index + 1)) state = evolve(state, fact);
  return { facts: facts.slice(index, index + 1), state };
}
