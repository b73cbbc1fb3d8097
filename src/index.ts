/**
 * @module factum
 * Factum runs DEMO business transactions on CQRS and Event Sourcing. The main entry point: the
 * engine and its composition (`createFactum`), with the core's and the model language's names.
 */
export {
  allowedActs,
  decide,
  evolve,
  fold,
  initialTransactionState,
  isTerminal,
  completeTransactionPattern,
  transactionDecider,
} from './core/index.ts';
export type { Act, Fact, ProtocolError, Result, Status, TransactionState } from './core/index.ts';
export { defineModel, defineView, initiate, perform, validateModel } from './model/index.ts';
export { loadModel } from './model/load-model.ts';
export type { ActionRule, Model } from './model/index.ts';
export {
  ConcurrencyError,
  createEngine,
  createFactum,
  StoreUnavailableError,
} from './engine/index.ts';
export type { Engine, Factum, FactumOptions, PerformInput, Performed } from './engine/index.ts';
