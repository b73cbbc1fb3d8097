/** The transaction decider: `{ initialState, decide, evolve, isTerminal }` for one transaction kind. */
import type { ActCommand, TransactionKindSpec } from './act-command.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { Fact } from './fact.ts';
import type { ProtocolError } from './protocol-error.ts';
import type { Result } from './result.ts';
import { initialTransactionState, type TransactionState } from './transaction-state.ts';
import { completeTransactionPattern, type PatternProfile } from './transaction-pattern.ts';

/** A decider in Chassaing's sense: pure functions over readonly records. */
export interface Decider<C, E, S, Err> {
  readonly initialState: S;
  decide(state: S, command: C): Result<readonly E[], Err>;
  evolve(state: S, event: E): S;
  isTerminal(state: S): boolean;
}

/** The decider of a transaction kind under the Complete Transaction Pattern (pure). */
export type TransactionDecider = Decider<ActCommand, Fact, TransactionState, ProtocolError>;

/** True when no act may follow the state's status (quitted, stopped, revoked) (pure). */
export function isTerminal(
  state: TransactionState,
  profile: PatternProfile = completeTransactionPattern,
): boolean {
  return profile.terminal.includes(state.status);
}

/**
 * Builds the decider for one transaction kind (pure).
 *
 * @example
 * const order = transactionDecider({ id: 'TK01', name: 'Order',
 *   initiator: { role: 'CA01', personal: true }, executor: { role: 'A01', personal: false } });
 */
export function transactionDecider(
  spec: TransactionKindSpec,
  profile: PatternProfile = completeTransactionPattern,
): TransactionDecider {
  return {
    initialState: initialTransactionState,
    decide: (state, command) => decide(spec, state, command, profile),
    evolve: (state, fact) => evolve(state, fact, profile),
    isTerminal: (state) => isTerminal(state, profile),
  };
}
