import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../../stores/memory/index.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { createEngine, type Engine } from '../engine.ts';
import { isFactEvent } from '../fact-events.ts';
import type { PerformInput } from '../perform-input.ts';
import type { EventStore, RecordedEvent } from '../ports/event-store.ts';
import type { ViewStore } from '../ports/view-store.ts';
import { builtinProjection, builtinViews } from './builtin-projection.ts';
import type { Projection } from './projection.ts';
import { countingProjection } from './counting-projection.test-support.ts';
import { ProjectionRunner } from './projection-runner.ts';
import { tickingClock, done } from '../perform-outcome.test-support.ts';
import { ViewQueries } from './view-queries.ts';
import { alice, seller, packer, saleWithPackingModel } from '../sale-model.test-support.ts';

const model = saleWithPackingModel('projection-test');

const allViews = Object.values(builtinViews);

function setup(): { engine: Engine; store: EventStore; views: ViewStore } {
  const store = memoryEventStore();
  const engine = createEngine({ model, store, now: tickingClock() });
  return { engine, store, views: memoryViewStore() };
}

async function act(engine: Engine, input: PerformInput): Promise<string> {
  return (await done(engine, input)).transactionId;
}

async function sale(engine: Engine, ...acts: string[]): Promise<string> {
  const id = await act(engine, { kind: 'TK01', act: 'request', performer: alice });
  for (const name of acts) {
    const performer = ['accept', 'reject', 'quit'].includes(name) ? alice : seller;
    await act(engine, { transactionId: id, act: name, performer });
  }
  return id;
}

async function rowsOf(views: ViewStore, names: readonly string[] = allViews): Promise<unknown> {
  return Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, (await views.query(name)).rows] as const)),
  );
}

async function readLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

/** Runs a projection over the whole log once, in a fresh view store, as a reference. */
async function reference(store: EventStore, projection: Projection): Promise<ViewStore> {
  const views = memoryViewStore();
  const runner = new ProjectionRunner(store, views, projection);
  await runner.start();
  await runner.caughtUp();
  await runner.stop();
  return views;
}

describe('ProjectionRunner: catch-up, live, status', () => {
  it('catches up on the existing log, then follows new facts live, reporting position and lag', async () => {
    const { engine, store, views } = setup();
    const first = await sale(engine, 'promise');
    await sale(engine);
    const committed: number[] = [];
    const runner = new ProjectionRunner(store, views, builtinProjection(model), {
      batchSize: 2,
      onCommit: (_name, events) => committed.push(events.length),
    });
    expect(await runner.status()).toEqual({
      projection: 'builtin@1',
      position: null,
      head: 3n,
      lag: 3n,
      running: false,
    });

    await runner.start();
    await runner.caughtUp();
    expect(committed).toEqual([2, 1]);
    expect(await runner.status()).toMatchObject({ position: 3n, head: 3n, lag: 0n, running: true });
    expect((await views.get(builtinViews.transactions, first))?.row).toMatchObject({
      status: 'promised',
      version: 2,
    });

    await act(engine, { transactionId: first, act: 'execute', performer: seller });
    await runner.caughtUp();
    expect((await views.get(builtinViews.transactions, first))?.row).toMatchObject({
      status: 'executed',
      version: 3,
    });
    expect(await runner.status()).toMatchObject({ position: 4n, head: 4n, lag: 0n });

    await runner.stop();
    await act(engine, { transactionId: first, act: 'declare', performer: seller });
    await act(engine, { transactionId: first, act: 'accept', performer: alice });
    expect(await runner.status()).toMatchObject({
      position: 4n,
      head: 6n,
      lag: 2n,
      running: false,
    });
  });

  it('resumes from its stored checkpoint after a restart, applying no fact twice', async () => {
    const { engine, store, views } = setup();
    const a = await sale(engine, 'promise', 'execute');
    const projections = [builtinProjection(model), countingProjection];
    const firstRun = projections.map(
      (p) => new ProjectionRunner(store, views, p, { batchSize: 2 }),
    );
    for (const runner of firstRun) await runner.start();
    for (const runner of firstRun) await runner.caughtUp();
    for (const runner of firstRun) await runner.stop();

    await act(engine, { transactionId: a, act: 'declare', performer: seller });
    const b = await sale(engine, 'decline');
    await act(engine, { kind: 'TK03', act: 'request', performer: seller, parent: a });
    await act(engine, { transactionId: b, act: 'quit', performer: alice });

    const secondRun = projections.map(
      (p) => new ProjectionRunner(store, views, p, { batchSize: 2 }),
    );
    for (const runner of secondRun) await runner.start();
    for (const runner of secondRun) await runner.caughtUp();
    for (const runner of secondRun) await runner.stop();

    const log = await readLog(store);
    expect((await views.get('counts', 'all'))?.row).toEqual({
      count: log.length,
      last: log.at(-1)?.position.toString(),
    });
    expect((await views.query(builtinViews.audit)).total).toBe(log.filter(isFactEvent).length);
    const uninterrupted = await reference(store, builtinProjection(model));
    expect(await rowsOf(views)).toEqual(await rowsOf(uninterrupted));
  });
});

describe('ProjectionRunner: two runners of one projection at once', () => {
  it('applies every fact once when they overlap: the rows equal one uninterrupted run', async () => {
    const { engine, store, views } = setup();
    await sale(engine, 'promise');
    const projections = [countingProjection, builtinProjection(model)];
    const committed = new Map(projections.map((p) => [p.name, [] as string[]]));
    const onCommit = (name: string, events: readonly RecordedEvent[]): void => {
      committed.get(name)?.push(...events.map((event) => event.id));
    };
    const errors: unknown[] = [];
    const onError = (_name: string, error: unknown): void => {
      errors.push(error);
    };
    // Different batch sizes: their batches end at different checkpoints, so without fencing the
    // second runner's batch would be applied over rows the first one had already moved past.
    const runners = projections.flatMap((projection) =>
      [2, 3].map(
        (batchSize) =>
          new ProjectionRunner(store, views, projection, { batchSize, onCommit, onError }),
      ),
    );
    await Promise.all(runners.map((runner) => runner.start()));
    for (let round = 0; round < 8; round += 1) {
      const id = await sale(engine, 'promise');
      await act(engine, { transactionId: id, act: 'execute', performer: seller });
      if (round % 3 === 0) await runners[round % runners.length]?.caughtUp();
    }
    await Promise.all(runners.map((runner) => runner.caughtUp()));
    for (const runner of runners) expect((await runner.status()).running).toBe(true);
    await Promise.all(runners.map((runner) => runner.stop()));

    const log = await readLog(store);
    const ids = log.map((event) => event.id).sort();
    // Every fact committed by exactly one of the two runners, exactly once.
    for (const projection of projections)
      expect([...(committed.get(projection.name) ?? [])].sort()).toEqual(ids);
    expect((await views.get('counts', 'all'))?.row).toEqual({
      count: log.length,
      last: log.at(-1)?.position.toString(),
    });
    expect(await rowsOf(views)).toEqual(
      await rowsOf(await reference(store, builtinProjection(model))),
    );
    // A runner that found the other ahead restarted from its checkpoint: no error reached anyone.
    expect(errors).toEqual([]);
  });
});

describe('ProjectionRunner: rebuild', () => {
  it('serves the old rows while rebuilding in the shadow, then swaps in equal rows and goes on live', async () => {
    const { engine, store, views } = setup();
    const ids = [
      await sale(engine, 'promise', 'execute', 'declare', 'accept'),
      await sale(engine, 'decline', 'quit'),
      await sale(engine, 'promise'),
    ];
    await act(engine, { kind: 'TK03', act: 'request', performer: seller, parent: ids[0] ?? '' });
    const runner = new ProjectionRunner(store, views, builtinProjection(model), { batchSize: 3 });
    await runner.start();
    await runner.caughtUp();
    const live = await rowsOf(views);

    const progress: number[] = [];
    const seenDuring: Promise<unknown>[] = [];
    const shadowDuring: Promise<number>[] = [];
    // The memory view store answers a query with the rows as they are at the call, so these reads
    // see the views as they stand between two batches of the rebuild.
    const applied = await runner.rebuild((count) => {
      progress.push(count);
      seenDuring.push(rowsOf(views));
      shadowDuring.push(
        views.query(`${builtinViews.transactions}@rebuild`).then((page) => page.total),
      );
    });
    const log = await readLog(store);
    expect(applied).toBe(log.length);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(log.length);
    for (const during of await Promise.all(seenDuring)) expect(during).toEqual(live);
    expect((await Promise.all(shadowDuring)).at(0)).toBeGreaterThan(0);
    expect(await rowsOf(views)).toEqual(live);
    expect((await views.query(`${builtinViews.transactions}@rebuild`)).total).toBe(0);
    expect(await runner.status()).toMatchObject({
      position: BigInt(log.length),
      lag: 0n,
      running: true,
    });

    await act(engine, { transactionId: ids[2] ?? '', act: 'execute', performer: seller });
    await runner.caughtUp();
    expect((await views.get(builtinViews.transactions, ids[2] ?? ''))?.row).toMatchObject({
      status: 'executed',
    });
    await runner.stop();
  });

  it('loses no fact appended while the rebuild is running', async () => {
    const { engine, store, views } = setup();
    const id = await sale(engine, 'promise');
    await sale(engine, 'decline');
    const runner = new ProjectionRunner(store, views, builtinProjection(model), { batchSize: 1 });
    await runner.start();
    await runner.caughtUp();
    const acts = ['execute', 'declare'];
    let appending = Promise.resolve('');
    await runner.rebuild(() => {
      const next = acts.shift();
      if (next !== undefined)
        appending = appending.then(() =>
          act(engine, { transactionId: id, act: next, performer: seller }),
        );
    });
    await appending;
    await runner.caughtUp();
    expect((await views.get(builtinViews.transactions, id))?.row).toMatchObject({
      status: 'declared',
      version: 4,
    });
    expect(await rowsOf(views)).toEqual(
      await rowsOf(await reference(store, builtinProjection(model))),
    );
    await runner.stop();
  });
});

describe('the built-in projection: agenda and facts in force', () => {
  async function running(): Promise<{
    engine: Engine;
    queries: ViewQueries;
    views: ViewStore;
    step: (input: PerformInput) => Promise<string>;
    stop: () => Promise<void>;
  }> {
    const { engine, store, views } = setup();
    const runner = new ProjectionRunner(store, views, builtinProjection(model));
    await runner.start();
    return {
      engine,
      views,
      queries: new ViewQueries(views),
      step: async (input) => {
        const id = await act(engine, input);
        await runner.caughtUp();
        return id;
      },
      stop: () => runner.stop(),
    };
  }

  it('puts each fact on the agenda of the role that must respond, and nothing for a terminal transaction', async () => {
    const { queries, views, step, stop } = await running();
    const id = await step({ kind: 'TK01', act: 'request', performer: alice });
    const agendaOf = async (role: string): Promise<unknown[]> =>
      (await queries.agenda(role)).items
        .filter((row) => row.transactionId === id)
        .map((row) => row.acts);

    expect((await queries.agenda('A01')).items).toEqual([
      expect.objectContaining({
        transactionId: id,
        role: 'A01',
        party: 'executor',
        awaiting: 'SaleRequested',
        acts: [{ act: 'promise' }, { act: 'decline' }],
      }),
    ]);
    expect(await agendaOf('CA01')).toEqual([]);

    for (const name of ['promise', 'execute', 'declare'])
      await step({ transactionId: id, act: name, performer: seller });
    expect(await agendaOf('A01')).toEqual([]);
    expect(await agendaOf('CA01')).toEqual([[{ act: 'accept' }, { act: 'reject' }]]);
    expect((await queries.agenda('CA01', { owner: 'alice' })).total).toBe(1);
    expect((await queries.agenda('CA01', { owner: 'bob' })).total).toBe(0);
    expect((await views.get(builtinViews.agenda, `${id}|CA01`))?.row).toMatchObject({
      party: 'initiator',
      awaiting: 'SaleDeclared',
      status: 'declared',
    });

    await step({ transactionId: id, act: 'revoke', revokes: 'request', performer: alice });
    expect(await agendaOf('CA01')).toEqual([]);
    expect(await agendaOf('A01')).toEqual([
      [
        { act: 'allow', revokes: 'request' },
        { act: 'refuse', revokes: 'request' },
      ],
    ]);
    await step({ transactionId: id, act: 'allow', revokes: 'request', performer: seller });
    expect(await agendaOf('A01')).toEqual([]);
    expect(await agendaOf('CA01')).toEqual([]);

    const quitted = await step({ kind: 'TK01', act: 'request', performer: alice });
    await step({ transactionId: quitted, act: 'decline', performer: seller });
    expect(
      (await queries.agenda('CA01')).items.map((row) => [row.transactionId, row.acts]),
    ).toEqual([[quitted, [{ act: 'request' }, { act: 'quit' }]]]);
    await step({ transactionId: quitted, act: 'quit', performer: alice });
    expect((await queries.agenda('CA01')).total + (await queries.agenda('A01')).total).toBe(0);
    await stop();
  });

  it('shows a product fact in force from accept until its revocation is allowed', async () => {
    const { queries, step, stop } = await running();
    const id = await step({
      kind: 'TK01',
      act: 'request',
      performer: alice,
      payload: { sku: 'A' },
    });
    await step({ transactionId: id, act: 'promise', performer: seller });
    await step({ transactionId: id, act: 'execute', performer: seller, payload: { box: 7 } });
    await step({ transactionId: id, act: 'declare', performer: seller });
    expect((await queries.factsInForce()).total).toBe(0);

    await step({ transactionId: id, act: 'accept', performer: alice });
    expect((await queries.factsInForce({ kind: 'TK01' })).items).toEqual([
      expect.objectContaining({
        transactionId: id,
        product: '[sale] is done',
        terms: { sku: 'A' },
        result: { box: 7 },
      }),
    ]);

    // Refused: still in force.
    await step({ transactionId: id, act: 'revoke', revokes: 'accept', performer: alice });
    expect((await queries.factsInForce()).total).toBe(1);
    await step({ transactionId: id, act: 'refuse', revokes: 'accept', performer: seller });
    expect((await queries.factsInForce()).total).toBe(1);

    // Allowed: gone.
    await step({ transactionId: id, act: 'revoke', revokes: 'accept', performer: alice });
    await step({ transactionId: id, act: 'allow', revokes: 'accept', performer: seller });
    expect((await queries.transaction(id))?.status).toBe('declared');
    expect((await queries.factsInForce()).total).toBe(0);
    await stop();
  });

  it('lists a child on its parent row and shares one agenda per role across kinds', async () => {
    const { queries, step, stop } = await running();
    const id = await step({ kind: 'TK01', act: 'request', performer: alice });
    const child = await step({ kind: 'TK03', act: 'request', performer: seller, parent: id });
    expect((await queries.transaction(id))?.children).toEqual([child]);
    expect((await queries.agenda('A02')).items.map((row) => [row.transactionId, row.kind])).toEqual(
      [[child, 'TK03']],
    );
    await step({ transactionId: child, act: 'promise', performer: packer });
    expect((await queries.agenda('A02')).items.map((row) => row.acts)).toEqual([
      [{ act: 'execute' }],
    ]);
    await stop();
  });
});
