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
export type {
  ActPlan,
  ActPlanModel,
  ActToPlan,
  EntityInstance,
  PlanNeeds,
  Surroundings,
} from './act-plan.ts';
export { entityInstanceOf, planAct, planNeeds } from './act-plan.ts';
export type {
  ActOutlook,
  Outlook,
  OutlookNeeds,
  OutlookSurroundings,
  StartableOutlook,
} from './act-outlook.ts';
export { outlookNeeds, outlookOf } from './act-outlook.ts';
export type { Reach } from './awaited-facts.ts';
export { awaitedFacts, descendantsOf, describeAwaited } from './awaited-facts.ts';
export type { Admission, ParentView, StartableChild } from './child-admission.ts';
export { actorInTree, admitChild, startableChildren } from './child-admission.ts';
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
export { describeAct, describeAllowed, protocolErrorCodes } from './protocol-error.ts';
export type { LedgerPosition, LedgerRule, PlannedMovement } from './ledger-plan.ts';
export { ledgerKey, ledgerKeysToRead, plannedMovements } from './ledger-plan.ts';
export type {
  ActRef,
  Cardinality,
  FactRef,
  KindRoles,
  ProcessLinks,
  ResponseLink,
  WaitLink,
} from './process-links.ts';
export {
  childKinds,
  describeFactRef,
  isLive,
  isMandatory,
  linksStarting,
  parentKinds,
  startsBeside,
  startsChild,
  upperBound,
  waitLinksHolding,
} from './process-links.ts';
export type { Result } from './result.ts';
export { err, ok } from './result.ts';
export type { Status } from '../protocol/pattern.ts';
export { statuses } from '../protocol/pattern.ts';
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
