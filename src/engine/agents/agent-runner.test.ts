import { describe, expect, it } from 'vitest';
import type { Fact } from '../../core/index.ts';
import { initiate, perform, type ActionRule, type Model } from '../../model/index.ts';
import { memoryEventStore } from '../../stores/memory/index.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { createEngine, type Engine } from '../engine.ts';
import { receiveIntoLedger } from '../ledger-effects.ts';
import type { EventStore, RecordedEvent } from '../ports/event-store.ts';
import type { ViewStore } from '../ports/view-store.ts';
import type { RuleActOutcome } from '../rules/respond-to-facts.ts';
import { AgentRunner, type AgentOptions } from './agent-runner.ts';
import { timersView, timerStreamId } from './timers.ts';
import { alice, seller, saleWithPackingModel } from '../sale-model.test-support.ts';
import { done } from '../perform-outcome.test-support.ts';

const documentModel = saleWithPackingModel('agent-test');

const start = Date.parse('2026-03-02T10:00:00Z');

interface Harness {
  readonly engine: Engine;
  readonly store: EventStore;
  readonly views: ViewStore;
  readonly clock: { now: number };
  runner(options?: AgentOptions, views?: ViewStore): AgentRunner;
  request(sku?: string): Promise<string>;
  /** Waits until the runner has seen the whole log, including the events its own acts appended. */
  settle(runner: AgentRunner): Promise<void>;
  types(): Promise<string[]>;
}

function harness(rules: readonly ActionRule[], ledgers?: Model['ledgers']): Harness {
  const model: Model = {
    ...documentModel,
    actionRules: rules,
    ...(ledgers === undefined ? {} : { ledgers }),
  };
  const store = memoryEventStore();
  const views = memoryViewStore();
  const clock = { now: start };
  const now = (): Date => new Date((clock.now += 1000));
  const engine = createEngine({ model, store, now });
  return {
    engine,
    store,
    views,
    clock,
    runner: (options = {}, over = views) =>
      new AgentRunner(engine, store, over, {
        backoffMs: 1,
        timerIntervalMs: 600_000,
        now,
        ...options,
      }),
    async request(sku = 'OK') {
      const requested = await done(engine, {
        kind: 'TK01',
        act: 'request',
        performer: alice,
        payload: { sku },
      });
      return requested.transactionId;
    },
    async settle(runner) {
      for (let round = 0; round < 20; round += 1) {
        const before = await store.head();
        await runner.caughtUp();
        if ((await store.head()) === before) return;
      }
      throw new Error('The agent did not settle.');
    },
    async types() {
      const types: string[] = [];
      for await (const event of store.readAll()) types.push(event.type);
      return types;
    },
  };
}

const promiseOnRequest: ActionRule = {
  id: 'promise-on-request',
  role: 'A01',
  when: { kind: 'TK01', fact: 'requested' },
  then: ({ fact }) => [perform(fact.transactionId, 'promise')],
};

const packOnPromise: ActionRule = {
  id: 'pack-on-promise',
  role: 'A01',
  when: { kind: 'TK01', fact: 'promised' },
  then: () => [initiate('TK03')],
};

function count(types: readonly string[], type: string): number {
  return types.filter((t) => t === type).length;
}

describe('AgentRunner: exactly once under re-delivery', () => {
  it('performs each derived act once when a batch is re-delivered after a crash before its checkpoint', async () => {
    const h = harness([promiseOnRequest, packOnPromise]);
    // A view store that loses power on the agent's first checkpoint: the acts are in the log,
    // the checkpoint is not.
    let crash = true;
    const crashing: ViewStore = {
      ...Object.fromEntries(
        (['checkpoint', 'get', 'getMany', 'query', 'reset', 'swap', 'close'] as const).map(
          (name) => [name, h.views[name].bind(h.views)],
        ),
      ),
      commit: (batches) => {
        if (crash) return Promise.reject(new Error('power cut'));
        return h.views.commit(batches);
      },
    } as ViewStore;
    const died = new Promise<unknown>((resolve) => {
      void h.runner({ onError: resolve }, crashing).start();
    });
    const sale = await h.request();
    expect(String(await died)).toContain('power cut');
    expect(await h.views.checkpoint('agent:rules')).toBeUndefined();
    expect(count(await h.types(), 'SalePromised')).toBe(1);

    crash = false;
    const outcomes: RuleActOutcome[] = [];
    const restarted = h.runner({ onOutcome: (o) => outcomes.push(o) });
    await restarted.start();
    await h.settle(restarted);
    // And once more from scratch: a third runner with no checkpoint at all re-delivers everything.
    const fresh = h.runner({ onOutcome: (o) => outcomes.push(o) }, memoryViewStore());
    await fresh.start();
    await h.settle(fresh);

    const types = await h.types();
    expect(count(types, 'SaleRequested')).toBe(1);
    expect(count(types, 'SalePromised')).toBe(1);
    expect(count(types, 'PackingRequested')).toBe(1);
    expect(outcomes.filter((o) => o.outcome === 'appended').map((o) => o.rule)).toEqual([
      'pack-on-promise',
    ]);
    expect(outcomes.filter((o) => o.outcome === 'duplicate').map((o) => o.rule)).toEqual([
      'promise-on-request',
      'promise-on-request',
      'pack-on-promise',
    ]);
    const facts = await h.engine.reader.facts(sale);
    expect(facts.map((f) => f.actId)).toEqual([
      facts[0]?.actId,
      `${facts[0]?.actId ?? ''}>promise-on-request.0`,
    ]);
    await restarted.stop();
    await fresh.stop();
  });
});

describe('AgentRunner: failing rules', () => {
  it('retries with backoff, parks the run, keeps going, and runs it again on retryParked', async () => {
    let broken = true;
    const calls: string[] = [];
    const flaky: ActionRule = {
      id: 'flaky-promise',
      role: 'A01',
      when: { kind: 'TK01', fact: 'requested' },
      then: ({ fact }) => {
        const { sku } = fact.payload as { sku: string };
        calls.push(sku);
        if (broken && sku === 'BAD') throw new Error('catalogue unreachable');
        return [perform(fact.transactionId, 'promise')];
      },
    };
    const h = harness([flaky, packOnPromise]);
    const runner = h.runner({ attempts: 3, backoffMs: 20 });
    await runner.start();

    const began = Date.now();
    const bad = await h.request('BAD');
    await h.settle(runner);
    expect(Date.now() - began).toBeGreaterThanOrEqual(55); // 20 + 40 ms of backoff
    expect(calls).toEqual(['BAD', 'BAD', 'BAD']);
    expect((await h.engine.reader.transaction(bad))?.status).toBe('requested');
    const parked = await runner.parked();
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({
      rule: 'flaky-promise',
      error: 'catalogue unreachable',
      attempts: 3,
      fact: { transactionId: bad, fact: 'requested' },
    });

    // Later facts are still handled.
    const good = await h.request('OK');
    await h.settle(runner);
    expect((await h.engine.reader.transaction(good))?.status).toBe('promised');
    expect((await h.engine.reader.children(good)).map((c) => c.kind)).toEqual(['TK03']);

    const key = parked[0]?.key ?? '';
    await expect(runner.retryParked(key)).rejects.toThrow('catalogue unreachable');
    expect(await runner.parked()).toHaveLength(1);

    broken = false;
    await runner.retryParked(key);
    expect(await runner.parked()).toEqual([]);
    expect((await h.engine.reader.transaction(bad))?.status).toBe('promised');
    await h.settle(runner);
    expect((await h.engine.reader.children(bad)).map((c) => c.kind)).toEqual(['TK03']);
    await expect(runner.retryParked(key)).rejects.toThrow();
    await runner.stop();
  });
});

describe('AgentRunner: timers', () => {
  const deadlineMs = 30 * 60 * 1000;
  const declineLate: ActionRule = {
    id: 'decline-late',
    role: 'A01',
    when: { kind: 'TK01', fact: 'requested' },
    then: ({ fact }) => [
      perform(fact.transactionId, 'decline', {
        at: new Date(Date.parse(fact.time) + deadlineMs).toISOString(),
        justification: 'Too late.',
      }),
    ],
  };

  /** A running agent with the deadline rule, and a sale it has answered: its timer is scheduled. */
  async function saleWithDeadline(): Promise<{ h: Harness; runner: AgentRunner; sale: string }> {
    const h = harness([declineLate]);
    const runner = h.runner();
    await runner.start();
    const sale = await h.request();
    await h.settle(runner);
    return { h, runner, sale };
  }

  function saleFacts(h: Harness, id: string): Promise<readonly Fact[]> {
    return h.engine.reader.facts(id);
  }

  it('fires a due timer once, however often it is looked for', async () => {
    const { h, runner, sale } = await saleWithDeadline();
    expect((await h.views.query(timersView)).total).toBe(1);

    await runner.fireDueTimers();
    expect((await saleFacts(h, sale)).map((f) => f.fact)).toEqual(['requested']);

    h.clock.now += deadlineMs + 60_000;
    await Promise.all([runner.fireDueTimers(), runner.fireDueTimers()]);
    await runner.fireDueTimers();
    await h.settle(runner);
    await runner.fireDueTimers();
    const facts = await saleFacts(h, sale);
    expect(facts.map((f) => f.fact)).toEqual(['requested', 'declined']);
    expect(facts[1]?.justification).toBe('Too late.');
    const timerEvents = (await h.types()).filter((t) => t.startsWith('Timer'));
    expect(timerEvents).toEqual(['TimerScheduled', 'TimerFired']);
    expect((await h.views.query(timersView)).total).toBe(0);
    await runner.stop();
  });

  it('fires a timer scheduled before a restart from a new runner over the same stores', async () => {
    const { h, runner: before, sale } = await saleWithDeadline();
    await before.stop();

    h.clock.now += deadlineMs + 60_000;
    const after = h.runner();
    await after.start();
    await h.settle(after);
    await after.fireDueTimers();
    await h.settle(after);
    expect((await saleFacts(h, sale)).map((f) => f.fact)).toEqual(['requested', 'declined']);
    expect((await h.views.query(timersView)).total).toBe(0);
    await after.stop();
  });

  it('marks an obsolete timer fired without appending its act', async () => {
    const { h, runner, sale } = await saleWithDeadline();
    const promised = await h.engine.perform({
      transactionId: sale,
      act: 'promise',
      performer: seller,
    });
    expect(promised.ok).toBe(true);

    h.clock.now += deadlineMs + 60_000;
    await runner.fireDueTimers();
    await h.settle(runner);
    expect((await saleFacts(h, sale)).map((f) => f.fact)).toEqual(['requested', 'promised']);
    const timerStreams: RecordedEvent[] = [];
    for await (const event of h.store.readAll())
      if (event.streamId.startsWith('timer:')) timerStreams.push(event);
    expect(timerStreams.map((e) => e.type)).toEqual(['TimerScheduled', 'TimerFired']);
    expect(timerStreams[1]?.data).toMatchObject({ outcome: 'ActNotAllowed' });
    expect(timerStreams[0]?.streamId).toBe(
      timerStreamId(`${(await saleFacts(h, sale))[0]?.actId ?? ''}>decline-late.0`),
    );
    expect((await h.views.query(timersView)).total).toBe(0);
    await runner.fireDueTimers();
    expect(await h.types()).toHaveLength(4);
    await runner.stop();
  });
});

describe('AgentRunner: processes side by side', () => {
  const stock: NonNullable<Model['ledgers']>[number] = {
    name: 'stock',
    businessName: 'Stock',
    kind: 'TK01',
    reserveOn: 'promise',
    amounts: (terms) => [{ key: (terms as { sku: string }).sku, amount: 1 }],
  };
  const skuOf = (fact: Fact): string => (fact.payload as { sku: string }).sku;
  const promiseWhenInStock: ActionRule = {
    id: 'promise-when-in-stock',
    role: 'A01',
    when: { kind: 'TK01', fact: 'requested' },
    if: async ({ fact, facts }) => (await facts.ledger('stock', skuOf(fact))).available >= 1,
    then: ({ fact }) => [perform(fact.transactionId, 'promise')],
    else: ({ fact }) => [perform(fact.transactionId, 'decline', { justification: 'Sold out.' })],
  };

  it('answers independent processes of a batch in shared group commits', async () => {
    const h = harness([promiseOnRequest]);
    for (let i = 0; i < 20; i += 1) await h.request();
    const appendBatch = h.store.appendBatch?.bind(h.store);
    if (appendBatch === undefined) throw new Error('the memory store appends in batches');
    const batches: number[] = [];
    h.store.appendBatch = (requests) => {
      batches.push(requests.length);
      return appendBatch(requests);
    };
    const runner = h.runner();
    await runner.start();
    await h.settle(runner);
    expect(count(await h.types(), 'SalePromised')).toBe(20);
    // One sync per act when answered one after the other; a handful when side by side.
    expect(batches.length).toBeLessThan(5);
    await runner.stop();
  });

  it('answers every process racing for one key, parking none and promising no more than there is', async () => {
    const h = harness([promiseWhenInStock], [stock]);
    await receiveIntoLedger(h.store, [stock], {
      ledger: 'stock',
      key: 'MUG',
      amount: 40,
      id: 'in',
    });
    const sales: string[] = [];
    // More racers than a rule's retries cover: each promise needs the one before it appended.
    for (let i = 0; i < 45; i += 1) sales.push(await h.request('MUG'));
    const runner = h.runner({ attempts: 2 });
    await runner.start();
    await h.settle(runner);
    expect(await runner.parked()).toEqual([]);
    const answers = await Promise.all(
      sales.map(async (sale) => (await h.engine.reader.facts(sale)).map((f) => f.fact).join(',')),
    );
    expect(answers.filter((a) => a === 'requested,promised')).toHaveLength(40);
    expect(answers.filter((a) => a === 'requested,declined')).toHaveLength(5);
    expect((await h.engine.reader.ledger('stock', 'MUG')).available).toBe(0);
    await runner.stop();
  });
});
