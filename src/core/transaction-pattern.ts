/**
 * The Complete Transaction Pattern as data: one row per (status, act) of the standard pattern and
 * one row per revocation pattern. `decide`, `evolve`, the agenda, the docs and the property tests
 * all read these tables; nothing re-codes the pattern per transaction kind.
 */
import {
  factKinds,
  revocationRules,
  standardTransitions,
  terminalStatuses,
  type FactKind,
  type RevocationRule,
  type Status,
  type Transition,
} from '../protocol/pattern.ts';

export type { FactKind, RevocationRule, Transition };
export { factKinds, revocationRules, standardTransitions };

/** A reading of the pattern: the tables plus the terminal statuses. Another profile may be added as data. */
export interface PatternProfile {
  readonly name: string;
  readonly transitions: readonly Transition[];
  readonly revocations: readonly RevocationRule[];
  readonly terminal: readonly Status[];
}

/**
 * The profile Factum runs by default: DEMO-3 acts with DEMO-4 naming, and the open points of the
 * reference decided (explicit `execute`, `revoked` as its own terminal status, no revocation from the
 * discussion states, a pending revocation blocks every other act).
 */
export const completeTransactionPattern: PatternProfile = {
  name: 'complete-transaction-pattern',
  transitions: standardTransitions,
  revocations: revocationRules,
  terminal: terminalStatuses,
};

/** The business-name suffix of each fact kind: `Order` + `Requested` = `OrderRequested`. */
export const factSuffix: Readonly<Record<FactKind, string>> = {
  requested: 'Requested',
  promised: 'Promised',
  declined: 'Declined',
  quitted: 'Quitted',
  executed: 'Executed',
  declared: 'Declared',
  accepted: 'Accepted',
  rejected: 'Rejected',
  stopped: 'Stopped',
  requestRevoked: 'RequestRevoked',
  promiseRevoked: 'PromiseRevoked',
  declarationRevoked: 'DeclarationRevoked',
  acceptanceRevoked: 'AcceptanceRevoked',
  revocationAllowed: 'RevocationAllowed',
  revocationRefused: 'RevocationRefused',
};

/** The business event type of a fact for a kind's business name, e.g. `OrderPromised` (pure). */
export function businessFactType(businessName: string, fact: FactKind): string {
  return `${businessName}${factSuffix[fact]}`;
}

/** Splits a business event type back into its fact kind, given the kind's business name (pure). */
export function factKindOf(businessName: string, type: string): FactKind | undefined {
  if (!type.startsWith(businessName)) return undefined;
  const suffix = type.slice(businessName.length);
  return factKinds.find((kind) => factSuffix[kind] === suffix);
}
