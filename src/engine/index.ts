/**
 * @module factum/engine
 * The imperative shell around the pure core: perform acts against a store, run the action rules
 * as agents, fold the log into views, and read them.
 */
export { createEngine, newId } from './engine.ts';
export type { Engine, EngineOptions } from './engine.ts';
export { createFactum } from './factum.ts';
export type { Factum, FactumOptions, RunnersElsewhere } from './factum.ts';
export { observeEngine, observers, observeStore } from './observer.ts';
export type { ActReport, AppendReport, FactumObserver, RuleRunReport } from './observer.ts';
export type { Performed, PerformContext } from './perform.ts';
export type { PerformInput } from './perform-input.ts';
export { toFact, toNewEvent } from './fact-events.ts';
export { readLedger, receiveIntoLedger } from './ledger-effects.ts';
export type { LedgerEntry, LedgerMovement } from './ledger-events.ts';
export { AgentRunner, parkedView } from './agents/agent-runner.ts';
export type { AgentOptions, ParkedRule } from './agents/agent-runner.ts';
export { proposalKey, proposalsView } from './agents/proposals.ts';
export type { ConfirmOutcome, Proposal } from './agents/proposals.ts';
export { respondToFact, respondUntilQuiet } from './rules/respond-to-facts.ts';
export type { RuleActOutcome } from './rules/respond-to-facts.ts';
export { builtinProjection, builtinViews } from './views/builtin-projection.ts';
export type { TransactionRow } from './views/builtin-projection.ts';
export { modelViewProjection, transactionsViewOf } from './views/model-view-projection.ts';
export { ProjectionRunner } from './views/projection-runner.ts';
export type { ProjectionStatus } from './views/projection-runner.ts';
export type { Projection, RowAccess } from './views/projection.ts';
export { ViewQueries } from './views/view-queries.ts';
export type { ReadOptions, RowsPage } from './views/view-queries.ts';
export { parseAsOf, viewsAsOf, within } from './as-of.ts';
export type { AsOf } from './as-of.ts';
export { loadTransaction, replay } from './load-transaction.ts';
export type { LoadedTransaction, ReadTransaction } from './load-transaction.ts';
export type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
  StreamAppend,
  StreamInfo,
  Subscription,
} from './ports/event-store.ts';
export type {
  ProjectionCommit,
  RowChange,
  ViewPage,
  ViewQuery,
  ViewRow,
  ViewStore,
} from './ports/view-store.ts';
export {
  CheckpointConflictError,
  ConcurrencyError,
  DuplicateEventError,
  InvalidAppendError,
  StoreUnavailableError,
} from './ports/store-errors.ts';
