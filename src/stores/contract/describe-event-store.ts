/**
 * The one contract suite every event store must pass: an adapter is done when it does. Call it from
 * a store's test file; it registers Vitest `describe`/`it` blocks.
 *
 * @example
 * describeEventStore('memory', async () => ({ store: memoryEventStore() }));
 */
import { describe } from 'vitest';
import { freshPerTest } from './fresh-per-test.ts';
import { appendReadCases } from './append-read-cases.ts';
import { batchCases } from './batch-cases.ts';
import { concurrencyCases } from './concurrency-cases.ts';
import { conflictCases } from './conflict-cases.ts';
import type { ContractContext, EventStoreFactory } from './contract-context.ts';
import { idempotencyCases } from './idempotency-cases.ts';
import { readAllCases } from './read-all-cases.ts';
import { subscriptionCases } from './subscription-cases.ts';

/** Options of the contract suite. */
export interface DescribeEventStoreOptions {
  /** Runs the heavy cases (100,000 events streamed, more property runs); on unless false. */
  readonly heavy?: boolean;
  /**
   * Whether global positions increase along the log's order (memory, SQLite). PostgreSQL orders
   * the log by (transaction id, position), so its positions increase only along each stream.
   */
  readonly positionsFollowLogOrder?: boolean;
}

/**
 * Registers the event-store contract suite for one store (effectful: declares Vitest tests).
 * The factory makes an empty store per test; the suite closes it, then calls `cleanup`.
 */
export function describeEventStore(
  name: string,
  factory: EventStoreFactory,
  options: DescribeEventStoreOptions = {},
): void {
  describe(`${name} event store contract`, () => {
    const current = freshPerTest(factory, (made) => made.store.close(), 'store');

    const ctx: ContractContext = {
      store: () => current().store,
      withFreshStore: async (body) => {
        const made = await factory();
        try {
          return await body(made.store);
        } finally {
          try {
            await made.store.close();
          } finally {
            await made.cleanup?.();
          }
        }
      },
      heavy: options.heavy ?? true,
      positionsFollowLogOrder: options.positionsFollowLogOrder ?? true,
    };

    describe('append and read', () => appendReadCases(ctx));
    describe('expected versions and atomicity', () => conflictCases(ctx));
    describe('idempotency', () => idempotencyCases(ctx));
    describe('group commit', () => batchCases(ctx));
    describe('global order', () => readAllCases(ctx));
    describe('subscriptions', () => subscriptionCases(ctx));
    describe('concurrent appenders', () => concurrencyCases(ctx));
  });
}
