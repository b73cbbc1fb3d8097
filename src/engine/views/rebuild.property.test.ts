/**
 * Replay equals live, as a property: for any log of acts (children and ledger movements among them),
 * any batch sizes and any bound on what a rebuild remembers, rebuilding the built-in views gives
 * exactly the rows that following the log live gave. Tiny filters and caches make the rebuild's
 * shortcuts miss often, so its reads and deletes through the store are exercised too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedActs, fold, initialTransactionState } from '../../core/index.ts';
import { kindSpecOf } from '../../model/index.ts';
import { memoryEventStore } from '../../stores/memory/index.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { createEngine } from '../engine.ts';
import { toFact } from '../fact-events.ts';
import { ledgerEventData, ledgerStreamId, type LedgerMovement } from '../ledger-events.ts';
import type { EventStore } from '../ports/event-store.ts';
import type { ViewStore } from '../ports/view-store.ts';
import { alice, bob, packer, seller, saleWithPackingModel } from '../sale-model.test-support.ts';
import { builtinProjection, builtinViews } from './builtin-projection.ts';
import { ProjectionRunner } from './projection-runner.ts';
import { tickingClock } from '../perform-outcome.test-support.ts';

const model = saleWithPackingModel('rebuild-property');

const allViews = Object.values(builtinViews);

type Step =
  | { readonly kind: 'sale'; readonly by: 0 | 1 }
  | { readonly kind: 'child'; readonly parent: number }
  | { readonly kind: 'act'; readonly target: number; readonly choice: number }
  | {
      readonly kind: 'ledger';
      readonly key: string;
      readonly movement: LedgerMovement;
      readonly amount: number;
    };

const performers = [alice, bob];
const teams: Record<string, { actor: string; role: string }> = { A01: seller, A02: packer };

/** Performs one of the acts the pattern allows now (picked by `choice`), by who may perform it. */
async function performAllowed(
  engine: ReturnType<typeof createEngine>,
  store: EventStore,
  transactionId: string,
  choice: number,
): Promise<Awaited<ReturnType<ReturnType<typeof createEngine>['perform']>> | undefined> {
  const facts = (await store.readStream(transactionId)).map(toFact);
  const state = fold(initialTransactionState, facts);
  const spec = kindSpecOf(model, state.kind ?? '');
  if (spec === undefined) return undefined;
  const allowed = allowedActs(spec, state);
  const picked = allowed[choice % Math.max(1, allowed.length)];
  if (picked === undefined) return undefined;
  const binding = picked.party === 'initiator' ? state.initiator : state.executor;
  const performer =
    binding?.actor === undefined
      ? (teams[picked.role] ?? alice)
      : { actor: binding.actor, role: picked.role };
  return engine.perform({
    transactionId,
    act: picked.act,
    performer,
    ...(picked.revokes === undefined ? {} : { revokes: picked.revokes }),
  });
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('sale' as const), by: fc.constantFrom(0 as const, 1 as const) }),
  fc.record({ kind: fc.constant('child' as const), parent: fc.nat(5) }),
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('act' as const),
      target: fc.nat(7),
      choice: fc.nat(5),
    }),
  },
  fc.record({
    kind: fc.constant('ledger' as const),
    key: fc.constantFrom('mug', 'cup'),
    movement: fc.constantFrom<LedgerMovement>(
      'Received',
      'Reserved',
      'Released',
      'Consumed',
      'Returned',
    ),
    amount: fc.integer({ min: 1, max: 9 }),
  }),
);

/** Appends a log made of the steps: refused acts simply leave nothing (impure). */
async function logOf(steps: readonly Step[]): Promise<ReturnType<typeof memoryEventStore>> {
  const store = memoryEventStore();
  const engine = createEngine({ model, store, now: tickingClock() });
  const sales: string[] = [];
  const all: string[] = [];
  let movements = 0;
  for (const step of steps) {
    if (step.kind === 'ledger') {
      movements += 1;
      await store.append({
        streamId: ledgerStreamId('stock', step.key),
        expectedVersion: 'any',
        events: [
          {
            id: `movement-${movements}`,
            type: `Stock${step.movement}`,
            data: ledgerEventData({
              ledger: 'stock',
              key: step.key,
              movement: step.movement,
              amount: step.amount,
            }),
          },
        ],
      });
      continue;
    }
    const result =
      step.kind === 'sale'
        ? await engine.perform({ kind: 'TK01', act: 'request', performer: performers[step.by]! })
        : step.kind === 'child'
          ? sales.length === 0
            ? undefined
            : await engine.perform({
                kind: 'TK03',
                act: 'request',
                performer: seller,
                parent: sales[step.parent % sales.length]!,
              })
          : all.length === 0
            ? undefined
            : await performAllowed(engine, store, all[step.target % all.length]!, step.choice);
    if (result?.ok === true && step.kind !== 'act') {
      all.push(result.value.transactionId);
      if (step.kind === 'sale') sales.push(result.value.transactionId);
    }
  }
  return store;
}

/**
 * The store, its commits landing a moment after they are called: a rebuild applies its next batch
 * meanwhile, so what it reads must not depend on the commit having landed.
 */
function laggingCommits(views: ViewStore): ViewStore {
  return {
    commit: async (batches) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await views.commit(batches);
    },
    checkpoint: (projection) => views.checkpoint(projection),
    get: (view, key) => views.get(view, key),
    getMany: (view, keys) => views.getMany(view, keys),
    query: (view, query) => views.query(view, query),
    reset: (projection, names) => views.reset(projection, names),
    swap: (live, shadow) => views.swap(live, shadow),
    close: () => views.close(),
  };
}

async function rowsOf(views: ViewStore): Promise<unknown> {
  return Object.fromEntries(
    await Promise.all(allViews.map(async (name) => [name, (await views.query(name)).rows])),
  );
}

describe('rebuild of the built-in views', () => {
  it('gives exactly the rows of the live run, for any log, batch sizes and memory (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 80, size: 'medium' }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.record({ filterBits: fc.integer({ min: 5, max: 12 }), recentRows: fc.nat(6) }),
        fc.boolean(),
        async (steps, liveBatch, rebuildBatch, rebuildMemory, lagging) => {
          const store = await logOf(steps);
          const views = memoryViewStore();
          const live = new ProjectionRunner(store, views, builtinProjection(model), {
            batchSize: liveBatch,
          });
          await live.start();
          await live.caughtUp();
          await live.stop();
          const expected = await rowsOf(views);
          // Rows an earlier, abandoned rebuild left in the shadow views must not leak in.
          await views.commit([
            {
              projection: 'builtin@1@rebuild',
              checkpoint: 'stale',
              position: 1n,
              changes: allViews.map((view) => ({
                view: `${view}@rebuild`,
                key: 'stale',
                row: { stale: true },
              })),
            },
          ]);
          const target = lagging ? laggingCommits(views) : views;
          const rebuilder = new ProjectionRunner(store, target, builtinProjection(model), {
            batchSize: rebuildBatch,
            rebuildMemory,
          });
          await rebuilder.rebuild();
          expect(await rowsOf(views)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
