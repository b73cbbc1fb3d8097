/**
 * Action rules, deadlines, ledgers and views written as data, run by the engine: the same agent
 * path as TypeScript rules, proposals confirmed by a person, a deadline assessed when due, views
 * rebuilt from the log equal to the live ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dataShopModel } from '../../model/data/data-model.test-support.ts';
import { defineModel } from '../../model/define-model.ts';
import { memoryEventStore } from '../../stores/memory/memory-event-store.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { createFactum, type Factum } from '../factum.ts';
import type { EventStore } from '../ports/event-store.ts';
import { transactionsViewOf } from '../views/model-view-projection.ts';
import { done } from '../perform-outcome.test-support.ts';

const alice = { actor: 'alice', role: 'CA01' };
const fran = { actor: 'fran', role: 'A01' };

const running: Factum[] = [];

afterEach(async () => {
  for (const factum of running.splice(0)) await factum.stop();
});

async function shop(store: EventStore = memoryEventStore()) {
  const clock = { now: Date.parse('2026-03-02T10:00:00Z') };
  const now = (): Date => new Date((clock.now += 1000));
  const factum = createFactum({
    model: dataShopModel(),
    store,
    views: memoryViewStore(),
    now,
    agentOptions: { backoffMs: 1, timerIntervalMs: 600_000 },
  });
  running.push(factum);
  await factum.model.demoData?.(factum);
  await factum.start();
  const order = async (lines: { sku: string; qty: number }[]): Promise<string> => {
    const { transactionId } = await done(factum, {
      kind: 'TK01',
      act: 'request',
      performer: alice,
      payload: { lines },
    });
    await factum.settle();
    return transactionId;
  };
  return { factum, store, clock, order };
}

describe('data rules through the engine', () => {
  it('promises an order in stock and requests its payment with terms derived from the catalogue', async () => {
    const { factum, order } = await shop();
    const id = await order([
      { sku: 'MUG-001', qty: 2 },
      { sku: 'TEA-010', qty: 1 },
    ]);
    expect((await factum.engine.reader.transaction(id))?.status).toBe('promised');
    const [payment] = await factum.engine.reader.children(id);
    expect(payment?.kind).toBe('TK02');
    expect(payment?.terms).toEqual({ orderId: id, amount: 2 * 1250 + 890, currency: 'EUR' });
    expect(payment?.executor?.actor).toBe('alice');
    expect((await factum.engine.reader.ledger('stock', 'MUG-001')).available).toBe(38);
    const declared = await factum.perform({
      transactionId: payment?.id ?? '',
      act: 'promise',
      performer: alice,
    });
    expect(declared.ok).toBe(true);
    await factum.perform({ transactionId: payment?.id ?? '', act: 'execute', performer: alice });
    await factum.perform({ transactionId: payment?.id ?? '', act: 'declare', performer: alice });
    await factum.settle();
    expect((await factum.engine.reader.transaction(payment?.id ?? ''))?.status).toBe('accepted');
  });

  it('declines with the reason of the condition that failed', async () => {
    const { factum, order } = await shop();
    const id = await order([
      { sku: 'TEA-010', qty: 9 },
      { sku: 'NOPE', qty: 1 },
    ]);
    const facts = await factum.engine.reader.facts(id);
    expect(facts.map((f) => f.fact)).toEqual(['requested', 'declined']);
    expect(facts[1]?.justification).toBe('Not in stock: TEA-010, NOPE');
  });

  it('answers a revocation: allows it and revokes the open payment, by a rule with each', async () => {
    const { factum, order } = await shop();
    const id = await order([{ sku: 'MUG-001', qty: 1 }]);
    const revoked = await factum.perform({
      transactionId: id,
      act: 'revoke',
      revokes: 'request',
      performer: alice,
    });
    expect(revoked.ok).toBe(true);
    await factum.settle();
    expect((await factum.engine.reader.facts(id)).map((f) => f.fact)).toContain(
      'revocationAllowed',
    );
    const [payment] = await factum.engine.reader.children(id);
    expect(payment?.pendingRevocation?.revokes).toBe('request');
    expect((await factum.engine.reader.ledger('stock', 'MUG-001')).available).toBe(40);
  });

  it('proposes an act to the role instead of performing it; a person confirms it in their name', async () => {
    const { factum, order } = await shop();
    const id = await order([{ sku: 'SET-070', qty: 2 }]);
    expect((await factum.engine.reader.transaction(id))?.status).toBe('requested');
    const proposals = (await factum.agent?.proposals('A01')) ?? [];
    expect(proposals).toHaveLength(1);
    const [proposal] = proposals;
    expect(proposal).toMatchObject({
      rule: 'review-large-order',
      role: 'A01',
      transactionId: id,
      cause: { fact: 'requested', type: 'OrderRequested' },
      assessment: [{ name: 'in-stock', category: 'truth', holds: true }],
    });
    expect(proposal?.acts.map((a) => a.act)).toEqual(['promise']);
    expect(await factum.agent?.proposals('CA01')).toEqual([]);
    const confirmed = await factum.agent?.confirmProposal(proposal?.key ?? '', fran);
    expect(confirmed?.ok).toBe(true);
    await factum.settle();
    const facts = await factum.engine.reader.facts(id);
    expect(facts[1]).toMatchObject({ fact: 'promised', performer: { actor: 'fran', role: 'A01' } });
    expect(await factum.agent?.proposals('A01')).toEqual([]);
    // The promise answered, the payment rule went on as for any promise.
    expect((await factum.engine.reader.children(id)).map((c) => c.kind)).toEqual(['TK02']);
  });

  it('closes a proposal the transaction has moved past, and a dismissed one', async () => {
    const { factum, order } = await shop();
    const first = await order([{ sku: 'SET-070', qty: 2 }]);
    const second = await order([{ sku: 'SET-070', qty: 2 }]);
    expect((await factum.agent?.proposals('A01'))?.map((p) => p.transactionId)).toEqual([
      first,
      second,
    ]);
    await factum.perform({
      transactionId: first,
      act: 'decline',
      performer: fran,
      justification: 'No.',
    });
    await factum.settle();
    expect((await factum.agent?.proposals('A01'))?.map((p) => p.transactionId)).toEqual([second]);
    const key = (await factum.agent?.proposals('A01'))?.[0]?.key ?? '';
    expect(await factum.agent?.dismissProposal(key)).toBe(true);
    expect(await factum.agent?.proposals('A01')).toEqual([]);
    expect(await factum.agent?.dismissProposal(key)).toBe(false);
  });

  it('fires a deadline when due: a request not promised in 30 minutes is declined, a promised one is not', async () => {
    const { factum, clock, order } = await shop();
    const waiting = await order([{ sku: 'SET-070', qty: 2 }]); // proposed, so left requested
    const promised = await order([{ sku: 'MUG-001', qty: 1 }]);
    await factum.agent?.fireDueTimers();
    expect((await factum.engine.reader.transaction(waiting))?.status).toBe('requested');
    clock.now += 31 * 60 * 1000;
    await factum.agent?.fireDueTimers();
    await factum.settle();
    const facts = await factum.engine.reader.facts(waiting);
    expect(facts.map((f) => f.fact)).toEqual(['requested', 'declined']);
    expect(facts[1]?.justification).toBe('Not promised within 30 minutes.');
    expect((await factum.engine.reader.transaction(promised))?.status).toBe('promised');
    expect(await factum.agent?.proposals('A01')).toEqual([]);
  });

  it('builds a data view live, and a rebuild from the log gives the same rows', async () => {
    const { factum, store, order } = await shop();
    const a = await order([{ sku: 'MUG-001', qty: 2 }]);
    const b = await order([{ sku: 'NOPE', qty: 1 }]);
    const c = await order([{ sku: 'NOPE', qty: 3 }]);
    const rows = async (f: Factum) => (await f.views.query('customer-orders', { limit: 100 })).rows;
    const live = await rows(factum);
    expect(live.find((r) => r.key === a)).toMatchObject({
      partition: 'order',
      owner: 'alice',
      row: {
        orderId: a,
        status: 'promised',
        total: 2500,
        payment: { id: `${a}.TK02`, status: 'requested' },
      },
    });
    expect(live.find((r) => r.key === b)?.row).toMatchObject({
      status: 'declined',
      note: 'Not in stock: NOPE',
    });
    expect(live.find((r) => r.key === c)?.row.placedAt).toEqual(expect.any(String));
    expect(live.find((r) => r.key === 'count:declined')).toMatchObject({
      partition: 'count',
      row: { count: 2 },
    });
    const rebuilt = createFactum({
      model: factum.model,
      store,
      views: memoryViewStore(),
      agents: false,
    });
    running.push(rebuilt);
    await rebuilt.start();
    await rebuilt.settle();
    expect(await rows(rebuilt)).toEqual(live);
    const kept = (await rebuilt.views.query(transactionsViewOf('customer-orders'), { limit: 100 }))
      .rows;
    expect(kept.map((r) => r.key).sort()).toEqual([a, `${a}.TK02`, b, c].sort());
  });
});

describe('a ledger as data in a TypeScript model, with capacity that comes back (releaseOn)', () => {
  const fleetModel = defineModel({
    name: 'fleet',
    actorRoles: {
      CA01: { name: 'renter', kind: 'environmental' },
      A01: { name: 'rental completer' },
    },
    transactionKinds: {
      TK01: {
        name: 'Rental',
        product: '[rental] is completed',
        initiator: 'CA01',
        executor: 'A01',
        payload: {
          type: 'object',
          properties: { carGroup: { type: 'string' } },
          required: ['carGroup'],
        },
        example: { carGroup: 'B' },
      },
    },
    ledgers: [
      {
        name: 'fleet',
        businessName: 'Fleet',
        kind: 'TK01',
        reserveOn: 'promise',
        releaseOn: 'execute',
        amounts: "[{'key': terms.carGroup, 'amount': 1}]",
      },
    ],
    demoData: { ledgers: { fleet: { B: 1 } } },
  });

  it('reserves a car on the promise, refuses a second, and has it back after the execute', async () => {
    const factum = createFactum({
      model: fleetModel,
      store: memoryEventStore(),
      views: memoryViewStore(),
    });
    running.push(factum);
    await fleetModel.demoData?.(factum);
    const rent = async (): Promise<string> => {
      const r = await factum.perform({
        kind: 'TK01',
        act: 'request',
        performer: alice,
        payload: { carGroup: 'B' },
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.transactionId;
    };
    const available = async () => (await factum.engine.reader.ledger('fleet', 'B')).available;
    const first = await rent();
    const second = await rent();
    expect(
      (await factum.perform({ transactionId: first, act: 'promise', performer: fran })).ok,
    ).toBe(true);
    expect(await available()).toBe(0);
    const refused = await factum.perform({
      transactionId: second,
      act: 'promise',
      performer: fran,
    });
    expect(!refused.ok && refused.error.code).toBe('RuleRefused');
    expect(
      (await factum.perform({ transactionId: first, act: 'execute', performer: fran })).ok,
    ).toBe(true);
    expect(await available()).toBe(1);
    expect(
      (await factum.perform({ transactionId: first, act: 'declare', performer: fran })).ok,
    ).toBe(true);
    expect(await available()).toBe(1);
    expect(
      (await factum.perform({ transactionId: second, act: 'promise', performer: fran })).ok,
    ).toBe(true);
    expect(await available()).toBe(0);
  });
});
