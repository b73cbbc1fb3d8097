/**
 * @module factum/stores
 * Event stores and the rules they share: the in-memory store, and the append validation,
 * expected-version check, position checkpoints and subscription loop every adapter reuses.
 * The SQLite and PostgreSQL stores have their own entry points (`factum/sqlite`, `factum/postgres`);
 * the contract suite lives in `contract/describe-event-store.ts` (it needs Vitest).
 */
export { checkExpectedVersion } from './contract/expected-version.ts';
export type { SubscriptionSource } from './contract/polling-subscription.ts';
export {
  defaultSubscriptionBatchSize,
  startPollingSubscription,
} from './contract/polling-subscription.ts';
export { parsePositionCheckpoint, positionCheckpoint } from './contract/position-checkpoint.ts';
export { validateAppend } from './contract/validate-append.ts';
export { MemoryEventStore, memoryEventStore } from './memory/index.ts';
export { MemoryViewStore, memoryViewStore } from './memory/memory-view-store.ts';
