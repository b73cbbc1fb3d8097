/**
 * The Complete Transaction Pattern as data: one row per (status, act) of the standard pattern and
 * one row per revocation pattern. `decide`, `evolve`, the agenda, the docs and the property tests
 * all read these tables; nothing re-codes the pattern per transaction kind.
 */
import type { Party, RevocableAct, StandardAct } from './acts.ts';
import type { Status } from './status.ts';

/** The C-fact (or P-fact) an act creates, independent of the kind's business name. */
export type FactKind =
  | 'requested'
  | 'promised'
  | 'declined'
  | 'quitted'
  | 'executed'
  | 'declared'
  | 'accepted'
  | 'rejected'
  | 'stopped'
  | 'requestRevoked'
  | 'promiseRevoked'
  | 'declarationRevoked'
  | 'acceptanceRevoked'
  | 'revocationAllowed'
  | 'revocationRefused';

/** One row of the standard pattern: in `from`, party `by` may perform `act`, leading to `to`. */
export interface Transition {
  readonly from: Status;
  readonly act: StandardAct;
  readonly by: Party;
  readonly to: Status;
  readonly fact: FactKind;
}

/** One revocation pattern: who may revoke the act, from where, who answers, and where allow leads. */
export interface RevocationRule {
  readonly revokes: RevocableAct;
  readonly by: Party;
  readonly from: readonly Status[];
  readonly answeredBy: Party;
  /** The status after the revocation is allowed; after a refusal the transaction returns to where it started. */
  readonly onAllow: Status;
  readonly fact: FactKind;
}

/** A reading of the pattern: the tables plus the terminal statuses. Another profile may be added as data. */
export interface PatternProfile {
  readonly name: string;
  readonly transitions: readonly Transition[];
  readonly revocations: readonly RevocationRule[];
  readonly terminal: readonly Status[];
}

const I = 'initiator';
const E = 'executor';

/** The standard pattern (docs: "The standard pattern"). Anything not listed is refused. */
export const standardTransitions: readonly Transition[] = [
  { from: 'initial', act: 'request', by: I, to: 'requested', fact: 'requested' },
  { from: 'requested', act: 'promise', by: E, to: 'promised', fact: 'promised' },
  { from: 'requested', act: 'decline', by: E, to: 'declined', fact: 'declined' },
  { from: 'declined', act: 'request', by: I, to: 'requested', fact: 'requested' },
  { from: 'declined', act: 'quit', by: I, to: 'quitted', fact: 'quitted' },
  { from: 'promised', act: 'execute', by: E, to: 'executed', fact: 'executed' },
  { from: 'executed', act: 'declare', by: E, to: 'declared', fact: 'declared' },
  { from: 'declared', act: 'accept', by: I, to: 'accepted', fact: 'accepted' },
  { from: 'declared', act: 'reject', by: I, to: 'rejected', fact: 'rejected' },
  { from: 'rejected', act: 'declare', by: E, to: 'declared', fact: 'declared' },
  { from: 'rejected', act: 'execute', by: E, to: 'executed', fact: 'executed' },
  { from: 'rejected', act: 'stop', by: E, to: 'stopped', fact: 'stopped' },
];

/** The four revocation patterns (docs: "The four revocation patterns"). */
export const revocationRules: readonly RevocationRule[] = [
  {
    revokes: 'request',
    by: I,
    from: ['requested', 'promised', 'executed', 'declared', 'accepted'],
    answeredBy: E,
    onAllow: 'revoked',
    fact: 'requestRevoked',
  },
  {
    revokes: 'promise',
    by: E,
    from: ['promised', 'executed', 'declared', 'accepted'],
    answeredBy: I,
    onAllow: 'requested',
    fact: 'promiseRevoked',
  },
  {
    revokes: 'declare',
    by: E,
    from: ['declared', 'accepted'],
    answeredBy: I,
    onAllow: 'promised',
    fact: 'declarationRevoked',
  },
  {
    revokes: 'accept',
    by: I,
    from: ['accepted'],
    answeredBy: E,
    onAllow: 'declared',
    fact: 'acceptanceRevoked',
  },
];

/**
 * The profile Factum runs by default: DEMO-3 acts with DEMO-4 naming, and the open points of the
 * reference decided (explicit `execute`, `revoked` as its own terminal status, no revocation from the
 * discussion states, a pending revocation blocks every other act).
 */
export const completeTransactionPattern: PatternProfile = {
  name: 'complete-transaction-pattern',
  transitions: standardTransitions,
  revocations: revocationRules,
  terminal: ['quitted', 'stopped', 'revoked'],
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

export const factKinds: readonly FactKind[] = Object.keys(factSuffix) as FactKind[];

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
