/**
 * @module factum/core
 * The pure core: the Complete Transaction Pattern as data, the transaction decider that reads it,
 * facts, statuses and typed refusals. No I/O.
 */
export type { Act, Party, RevocableAct, RevocationAct, StandardAct } from './acts.ts';
export {
  allActs,
  actSynonyms,
  otherParty,
  parseAct,
  parseRevocableAct,
  revocableActs,
  standardActs,
} from './acts.ts';
export type { ActCommand, PartySpec, TransactionKindSpec } from './act-command.ts';
export { allowedActs, roleOf } from './allowed-acts.ts';
export { decide } from './decide.ts';
export type { Decider, TransactionDecider } from './decider.ts';
export { isTerminal, transactionDecider } from './decider.ts';
export { evolve, fold, PatternViolationError } from './evolve.ts';
export { factsInForce, isInForce } from './facts-in-force.ts';
export type { Fact, PartyBinding, Performer, TransactionRef } from './fact.ts';
export type { JsonObject, JsonValue } from './json.ts';
export type {
  AllowedAct,
  AwaitedFact,
  PayloadIssue,
  ProtocolError,
  ProtocolErrorCode,
} from './protocol-error.ts';
export { describeAct, describeAllowed } from './protocol-error.ts';
export type { Result } from './result.ts';
export { err, ok } from './result.ts';
export type { Status } from './status.ts';
export { statuses } from './status.ts';
export type { PendingRevocation, TransactionState } from './transaction-state.ts';
export { initialTransactionState } from './transaction-state.ts';
export type {
  FactKind,
  PatternProfile,
  RevocationRule,
  Transition,
} from './transaction-pattern.ts';
export {
  businessFactType,
  completeTransactionPattern,
  factKindOf,
  factKinds,
  factSuffix,
  revocationRules,
  standardTransitions,
} from './transaction-pattern.ts';
