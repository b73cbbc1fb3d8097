/** `evolve`: folds one fact into a transaction's state, reading the same pattern table as `decide`. */
import type { Fact } from './fact.ts';
import type { TransactionState } from './transaction-state.ts';
import { completeTransactionPattern, type PatternProfile } from './transaction-pattern.ts';

/** Thrown when a stored fact does not fit the pattern: the log was not written by this pattern. */
export class PatternViolationError extends Error {
  readonly code = 'PATTERN_VIOLATION';
  constructor(
    message: string,
    readonly fact: Fact,
  ) {
    super(message);
    this.name = 'PatternViolationError';
  }
}

/**
 * Applies one fact to a transaction's state (pure). Replaying a stream with it rebuilds the state
 * exactly; a fact that the pattern does not allow in that state throws `PatternViolationError`.
 */
export function evolve(
  state: TransactionState,
  fact: Fact,
  profile: PatternProfile = completeTransactionPattern,
): TransactionState {
  const base = { ...state, version: state.version + 1, updatedAt: fact.time };
  switch (fact.act) {
    case 'revoke': {
      const rule = profile.revocations.find((r) => r.revokes === fact.revokes);
      if (
        rule === undefined ||
        !rule.from.includes(state.status) ||
        state.pendingRevocation !== null
      ) {
        return violated(state, fact, 'no such revocation here');
      }
      return {
        ...base,
        pendingRevocation: {
          revokes: rule.revokes,
          by: rule.by,
          actor: fact.performer.actor,
          from: state.status,
        },
      };
    }
    case 'allow':
    case 'refuse': {
      const pending = state.pendingRevocation;
      const rule = profile.revocations.find((r) => r.revokes === pending?.revokes);
      if (pending === null || rule === undefined)
        return violated(state, fact, 'no revocation is pending');
      if (fact.revokes !== undefined && fact.revokes !== pending.revokes) {
        return violated(
          state,
          fact,
          `the pending revocation revokes the ${pending.revokes}, not the ${fact.revokes}`,
        );
      }
      return {
        ...base,
        pendingRevocation: null,
        status: fact.act === 'allow' ? rule.onAllow : pending.from,
      };
    }
    default: {
      const transition = profile.transitions.find(
        (t) => t.from === state.status && t.act === fact.act,
      );
      if (transition === undefined || state.pendingRevocation !== null)
        return violated(state, fact, 'not in the pattern');
      if (state.status === 'initial') {
        return {
          ...base,
          id: fact.transactionId,
          kind: fact.kind,
          status: transition.to,
          initiator: fact.parties?.initiator ?? { role: fact.performer.role },
          executor: fact.parties?.executor ?? { role: fact.addressee.role },
          parent: fact.parent ?? null,
          correlationId: fact.correlationId,
          terms: fact.payload,
        };
      }
      return {
        ...base,
        status: transition.to,
        ...(fact.act === 'request' ? { terms: fact.payload } : {}),
        ...(fact.act === 'execute' ? { product: fact.payload } : {}),
      };
    }
  }
}

/** Throws the PatternViolationError of a fact that cannot follow the state. */
function violated(state: TransactionState, fact: Fact, why: string): never {
  throw new PatternViolationError(
    `Fact ${fact.type} (${fact.actId}) cannot follow status ${state.status}: ${why}`,
    fact,
  );
}

/** Folds a whole stream of facts from the initial state (pure). */
export function fold(
  initial: TransactionState,
  facts: Iterable<Fact>,
  profile: PatternProfile = completeTransactionPattern,
): TransactionState {
  let state = initial;
  for (const fact of facts) state = evolve(state, fact, profile);
  return state;
}
