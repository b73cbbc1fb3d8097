/**
 * @module factum/protocol
 * What server and client share over HTTP, and nothing else: the transaction pattern's vocabulary and
 * tables, the model document, the answers and the problems, as types and plain data. Pure: it
 * imports nothing outside itself, so the browser client bundles it as it is.
 */
export type {
  ActAnswer,
  AgendaRow,
  AllowedAct,
  AllowedAnswer,
  AuditRow,
  Awaited,
  LedgerRow,
  Page,
  ParkedRow,
  PendingRevocation,
  Proposal,
  ProposedAct,
  RecordedFact,
  Startable,
  TransactionDetail,
  TransactionRow,
} from './answers.ts';
export type { Fact, PartyBinding, Performer, TransactionRef } from './fact.ts';
export type { JsonObject, JsonValue } from './json.ts';
export { isJsonArray, isJsonObject } from './json.ts';
export type {
  ActRef,
  DashboardDoc,
  FactRef,
  JsonSchema,
  KindDoc,
  ModelDoc,
  ResponseLinkDoc,
  RoleDoc,
  ScreenColumnDoc,
  ScreenDoc,
  WaitLinkDoc,
} from './model-document.ts';
export type {
  Act,
  FactKind,
  Party,
  RevocableAct,
  RevocationAct,
  RevocationRule,
  StandardAct,
  Status,
  Transition,
} from './pattern.ts';
export {
  allActs,
  factKinds,
  parties,
  revocableActs,
  revocationActs,
  revocationRules,
  standardActs,
  standardTransitions,
  startedStatuses,
  statuses,
  terminalStatuses,
} from './pattern.ts';
export type { Problem } from './problem.ts';
export type { DemoRole, DemoSession } from './sessions.ts';
