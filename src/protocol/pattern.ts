/**
 * The Complete Transaction Pattern as both sides of the wire see it: the parties, the acts, the
 * statuses and the fact kinds as closed lists (each type is read off its list, so the two cannot
 * drift), and the pattern's two tables. The engine decides and folds by these tables; the dashboard
 * reads the same ones to filter by status and to explain a revocation. Pure data, no imports.
 */

/** The two parties of every transaction: who asks for the product and who produces it. */
export const parties = ['initiator', 'executor'] as const;
export type Party = (typeof parties)[number];

/** Acts of the standard pattern (request … stop). `execute` is the production act. */
export const standardActs = [
  'request',
  'promise',
  'decline',
  'quit',
  'execute',
  'declare',
  'accept',
  'reject',
  'stop',
] as const;
export type StandardAct = (typeof standardActs)[number];

/** Acts that may be revoked by their performer (DEMO-3 / DEMO-4 revocation patterns). */
export const revocableActs = ['request', 'promise', 'declare', 'accept'] as const;
export type RevocableAct = (typeof revocableActs)[number];

/** Acts of the revocation patterns: revoke, and the addressee's answer. */
export const revocationActs = ['revoke', 'allow', 'refuse'] as const;
export type RevocationAct = (typeof revocationActs)[number];

/** Every act a performer can perform on a transaction. */
export const allActs = [...standardActs, ...revocationActs] as const;
export type Act = (typeof allActs)[number];

/** The facts of the standard pattern, each named after the status it leads to. */
const standardFacts = [
  'requested',
  'promised',
  'declined',
  'quitted',
  'executed',
  'declared',
  'accepted',
  'rejected',
  'stopped',
] as const;

/** The statuses a transaction passes through, as in the Complete Transaction Pattern reference. */
export const statuses = ['initial', ...standardFacts, 'revoked'] as const;
export type Status = (typeof statuses)[number];

/** The statuses a transaction can be in once a fact has started it: what lists filter by. */
export const startedStatuses: readonly Status[] = statuses.filter((status) => status !== 'initial');

/** The C-fact (or P-fact) an act creates, independent of the kind's business name. */
export const factKinds = [
  ...standardFacts,
  'requestRevoked',
  'promiseRevoked',
  'declarationRevoked',
  'acceptanceRevoked',
  'revocationAllowed',
  'revocationRefused',
] as const;
export type FactKind = (typeof factKinds)[number];

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

const I = 'initiator';
const E = 'executor';

/** The standard pattern (docs/transaction-pattern.md: "The standard pattern"). Anything not listed is refused. */
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

/** The four revocation patterns (docs/transaction-pattern.md: "The four revocation patterns"). */
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

/** The statuses no act leads out of (besides revocations already decided). */
export const terminalStatuses: readonly Status[] = ['quitted', 'stopped', 'revoked'];
