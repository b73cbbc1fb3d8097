import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tickingClock } from './perform-outcome.test-support.ts';
import { allowedActs, fold, initialTransactionState, type AllowedAct } from '../core/index.ts';
import { defineModel, kindSpecOf, type Model } from '../model/index.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { memoryViewStore } from '../stores/memory/memory-view-store.ts';
import { createEngine } from './engine.ts';
import { isFactEvent, toFact } from './fact-events.ts';
import { readLedger } from './ledger-effects.ts';
import { ledgerEventData, ledgerStreamId } from './ledger-events.ts';
import type { PerformInput } from './perform-input.ts';
import type { EventStore } from './ports/event-store.ts';
import type { ViewStore } from './ports/view-store.ts';
import { builtinProjection, builtinViews } from './views/builtin-projection.ts';
import { ProjectionRunner } from './views/projection-runner.ts';
import { saleRoles, saleKind, stockLedger } from './sale-model.test-support.ts';
import { responseLink } from '../core/process-links.test-support.ts';

const skus = ['A', 'B'];

const model: Model = {
  ...defineModel({
    name: 'replay-property',
    actorRoles: saleRoles,
    transactionKinds: {
      TK01: saleKind,
      TK02: {
        name: 'Packing',
        product: '[sale] is packed',
        initiator: 'A01',
        executor: 'A02',
        example: {},
      },
    },
    processModel: {
      responseLinks: [responseLink('TK01/requested', 'TK02/request', '0..n')],
    },
  }),
  ledgers: [stockLedger],
};

/** One step of a random run, interpreted against the transactions that exist when it is taken. */
interface Step {
  readonly start: boolean;
  readonly kind: 'TK01' | 'TK02';
  readonly target: number;
  readonly pick: number;
  readonly customer: 'alice' | 'bob';
  readonly sku: string;
  readonly qty: number;
  /** Perform together with the next step, to exercise the conflict retry. */
  readonly concurrent: boolean;
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  start: fc.nat(5).map((n) => n === 0),
  kind: fc.constantFrom('TK01' as const, 'TK02' as const),
  target: fc.nat(20),
  pick: fc.nat(20),
  customer: fc.constantFrom('alice' as const, 'bob' as const),
  sku: fc.constantFrom(...skus),
  qty: fc.integer({ min: 1, max: 3 }),
  concurrent: fc.boolean(),
});

async function snapshot(views: ViewStore): Promise<unknown> {
  return Object.fromEntries(
    await Promise.all(
      Object.values(builtinViews).map(
        async (name) => [name, (await views.query(name)).rows] as const,
      ),
    ),
  );
}

/** The act a step performs: a new request, or one of the acts allowed now (sometimes one that is not). */
async function inputFor(
  step: Step,
  store: EventStore,
  ids: readonly string[],
): Promise<PerformInput> {
  const sales = ids.filter((id) => id.startsWith('sale'));
  if (step.start || ids.length === 0) {
    if (step.kind === 'TK02' && sales.length > 0) {
      return {
        kind: 'TK02',
        act: 'request',
        performer: { actor: 'sue', role: 'A01' },
        parent: sales[step.target % sales.length] ?? '',
      };
    }
    return {
      kind: 'TK01',
      act: 'request',
      performer: { actor: step.customer, role: 'CA01' },
      payload: { sku: step.sku, qty: step.qty },
    };
  }
  // Mostly the newest transactions, so that runs reach the later statuses.
  const id = ids[ids.length - 1 - (step.target % Math.min(ids.length, 3))] ?? '';
  const events = await store.readStream(id);
  const state = fold(initialTransactionState, events.map(toFact));
  const spec = kindSpecOf(model, state.kind ?? '');
  const allowed: readonly AllowedAct[] = spec === undefined ? [] : allowedActs(spec, state);
  const forward = allowed.filter((a) => a.act !== 'revoke');
  // Mostly a step forward, sometimes a revocation, now and then an act out of turn (refused).
  const outOfTurn: AllowedAct = {
    act: 'accept',
    party: 'initiator',
    role: state.initiator?.role ?? 'CA01',
  };
  const pool =
    step.pick % 7 === 0 || allowed.length === 0
      ? [outOfTurn]
      : step.pick % 3 === 0 || forward.length === 0
        ? allowed
        : forward;
  const chosen = pool[step.pick % pool.length];
  if (chosen === undefined) throw new Error('no act');
  const binding = chosen.party === 'initiator' ? state.initiator : state.executor;
  return {
    transactionId: id,
    act: chosen.act,
    ...(chosen.revokes === undefined ? {} : { revokes: chosen.revokes }),
    performer: { actor: binding?.actor ?? 'sue', role: chosen.role },
    ...(chosen.act === 'request' ? { payload: { sku: step.sku, qty: step.qty } } : {}),
  };
}

describe('replay equals live (property)', () => {
  it('rebuilding the built-in views from the log gives the live rows; each row folds its stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary, { minLength: 5, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (steps, batchSize) => {
          const store = memoryEventStore();
          const views = memoryViewStore();
          const engine = createEngine({ model, store, now: tickingClock() });
          for (const sku of skus) {
            await store.append({
              streamId: ledgerStreamId('stock', sku),
              expectedVersion: 'any',
              events: [
                {
                  id: `received-${sku}`,
                  type: 'StockReceived',
                  data: ledgerEventData({
                    ledger: 'stock',
                    key: sku,
                    movement: 'Received',
                    amount: 4,
                  }),
                },
              ],
            });
          }
          const live = new ProjectionRunner(store, views, builtinProjection(model), { batchSize });
          await live.start();
          const ids: string[] = [];
          for (let i = 0; i < steps.length; i += 1) {
            const step = steps[i];
            if (step === undefined) continue;
            const group = [step];
            const next = steps[i + 1];
            if (step.concurrent && next !== undefined) {
              group.push(next);
              i += 1;
            }
            const inputs = await Promise.all(group.map((s) => inputFor(s, store, ids)));
            const results = await Promise.all(inputs.map((input) => engine.perform(input)));
            for (const result of results) {
              if (result.ok && !ids.includes(result.value.transactionId))
                ids.push(result.value.transactionId);
            }
          }
          await live.caughtUp();
          const liveRows = await snapshot(views);

          const replayed = memoryViewStore();
          const replay = new ProjectionRunner(store, replayed, builtinProjection(model), {
            batchSize: 1000,
          });
          await replay.start();
          await replay.caughtUp();
          await replay.stop();
          expect(await snapshot(replayed)).toEqual(liveRows);

          await live.rebuild();
          await live.caughtUp();
          expect(await snapshot(views)).toEqual(liveRows);
          await live.stop();

          const rows = (await views.query(builtinViews.transactions)).rows;
          expect(rows.map((row) => row.key).sort()).toEqual([...ids].sort());
          for (const row of rows) {
            const state = fold(
              initialTransactionState,
              (await store.readStream(row.key)).map(toFact),
            );
            expect(row.row).toMatchObject({ status: state.status, version: state.version });
            expect(row.row.pendingRevocation).toEqual(state.pendingRevocation);
          }
          let facts = 0;
          for await (const event of store.readAll()) if (isFactEvent(event)) facts += 1;
          expect((await views.query(builtinViews.audit)).total).toBe(facts);
          for (const sku of skus) {
            const { balance } = await readLedger(store, 'stock', sku);
            expect((await views.get(builtinViews.ledgers, `stock:${sku}`))?.row).toMatchObject(
              balance,
            );
            expect(balance.available).toBeGreaterThanOrEqual(0);
            expect(balance.reserved).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
