/**
 * The one contract suite every view store must pass: an adapter is done when it does. Call it from
 * a store's test file; it registers Vitest `describe`/`it` blocks.
 *
 * @example
 * describeViewStore('memory', () => Promise.resolve({ views: memoryViewStore() }));
 */
import { describe } from 'vitest';
import { freshPerTest } from './fresh-per-test.ts';
import { viewCommitCases } from './view-commit-cases.ts';
import { viewFencingCases } from './view-fencing-cases.ts';
import { viewPropertyCases } from './view-property-cases.ts';
import { viewQueryCases } from './view-query-cases.ts';
import type { ViewContractContext, ViewStoreFactory } from './view-store-context.ts';
import { viewSwapCases } from './view-swap-cases.ts';

/**
 * Registers the view-store contract suite for one store (effectful: declares Vitest tests).
 * The factory makes an empty store per test; the suite closes it, then calls `cleanup`.
 */
export function describeViewStore(name: string, factory: ViewStoreFactory): void {
  describe(`${name} view store contract`, () => {
    const current = freshPerTest(factory, (made) => made.views.close(), 'view store');

    const ctx: ViewContractContext = {
      views: () => current().views,
    };

    describe('commits', () => viewCommitCases(ctx));
    describe('fencing', () => viewFencingCases(ctx));
    describe('reads', () => viewQueryCases(ctx));
    describe('reset and swap', () => viewSwapCases(ctx));
    describe('against a reference model', () => viewPropertyCases(ctx));
  });
}
