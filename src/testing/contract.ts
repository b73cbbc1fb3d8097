/**
 * @module factum/testing/contract
 * The contract suites every event store and view store must pass: an adapter is done when it does.
 * They declare Vitest tests (`vitest` must be installed; the property cases use `fast-check`).
 */
export type { DescribeEventStoreOptions } from '../stores/contract/describe-event-store.ts';
export { describeEventStore } from '../stores/contract/describe-event-store.ts';
export { describeViewStore } from '../stores/contract/describe-view-store.ts';
export type { EventStoreFactory } from '../stores/contract/contract-context.ts';
export type { ViewStoreFactory } from '../stores/contract/view-store-context.ts';
