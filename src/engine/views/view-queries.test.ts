import { describe, expect, it } from 'vitest';
import { defineModel, type Model } from '../../model/index.ts';
import { memoryEventStore } from '../../stores/memory/index.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { viewsAsOf } from '../as-of.ts';
import { createEngine, type Engine } from '../engine.ts';
import { ledgerEventData, ledgerStreamId } from '../ledger-events.ts';
import { loadTransaction } from '../load-transaction.ts';
import type { Performed } from '../perform.ts';
import type { PerformInput } from '../perform-input.ts';
import type { EventStore } from '../ports/event-store.ts';
import type { ViewStore } from '../ports/view-store.ts';
import { builtinProjection, builtinViews } from './builtin-projection.ts';
import { ProjectionRunner } from './projection-runner.ts';
import { countedIds, tickingClock, done } from '../perform-outcome.test-support.ts';
import { ViewQueries } from './view-queries.ts';
import {
  checkKind,
  packingKind,
  saleKind,
  saleLinks,
  saleRoles,
  alice,
  bob,
  seller,
  packer,
  stockLedger,
} from '../sale-model.test-support.ts';

const documentModel = defineModel({
  name: 'queries-test',
  actorRoles: saleRoles,
  transactionKinds: {
    TK01: saleKind,
    TK03: packingKind,
    TK04: checkKind,
    // A kind no link starts: a transaction of no customer, shared by the team.
    TK05: { ...packingKind, name: 'Restock', product: '[stock] is restocked' },
  },
  processModel: saleLinks,
});

const ledgerModel: Model = {
  ...documentModel,
  ledgers: [stockLedger],
};

interface Running {
  readonly engine: Engine;
  readonly store: EventStore;
  readonly views: ViewStore;
  readonly queries: ViewQueries;
  step(input: PerformInput): Promise<Performed>;
  stop(): Promise<void>;
}

async function running(
  model: Model = documentModel,
  clockStart = Date.UTC(2026, 0, 1),
): Promise<Running> {
  const store = memoryEventStore();
  const views = memoryViewStore();
  const engine = createEngine({
    model,
    store,
    now: tickingClock(clockStart),
    newId: countedIds(3),
  });
  const runner = new ProjectionRunner(store, views, builtinProjection(model));
  await runner.start();
  return {
    engine,
    store,
    views,
    queries: new ViewQueries(views),
    async step(input) {
      const performed = await done(engine, input);
      await runner.caughtUp();
      return performed;
    },
    stop: () => runner.stop(),
  };
}

async function rowsOf(views: ViewStore): Promise<unknown> {
  return Object.fromEntries(
    await Promise.all(
      Object.values(builtinViews).map(
        async (name) => [name, (await views.query(name)).rows] as const,
      ),
    ),
  );
}

describe('ViewQueries: paging and filtering', () => {
  it('pages transactions with limit, offset and total, by kind and by owner', async () => {
    const r = await running();
    const ids: string[] = [];
    for (const performer of [alice, alice, bob, alice, bob])
      ids.push((await r.step({ kind: 'TK01', act: 'request', performer })).transactionId);
    const shared = (await r.step({ kind: 'TK05', act: 'request', performer: seller }))
      .transactionId;

    const all = await r.queries.transactions();
    expect(all).toMatchObject({ total: 6, limit: 50, offset: 0 });
    expect(all.items.map((row) => row.id)).toEqual([...ids, shared].sort());

    const page = await r.queries.transactions({ limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 6, limit: 2, offset: 2 });
    expect(page.items.map((row) => row.id)).toEqual([...ids, shared].sort().slice(2, 4));
    expect((await r.queries.transactions({ limit: 2, offset: 6 })).items).toEqual([]);
    expect(
      (await r.queries.transactions({ order: 'desc', limit: 1 })).items.map((row) => row.id),
    ).toEqual([[...ids, shared].sort().at(-1)]);

    expect((await r.queries.transactions({ kind: 'TK01' })).total).toBe(5);
    expect((await r.queries.transactions({ kind: 'TK05' })).items.map((row) => row.id)).toEqual([
      shared,
    ]);
    const bobs = await r.queries.transactions({ owner: 'bob' });
    expect(bobs.items.map((row) => row.id)).toEqual([ids[2], ids[4]]);
    expect((await r.queries.transactions({ owner: 'alice' })).total).toBe(3);
    expect((await r.queries.transactions({ owner: 'alice', includeShared: true })).total).toBe(4);
    expect(await r.queries.ownerOf(ids[2] ?? '')).toBe('bob');
    expect(await r.queries.ownerOf(shared)).toBeNull();
    await r.stop();
  });
});

describe('ViewQueries: trees and audit trails', () => {
  async function tree(
    r: Running,
    withGrandchild = true,
  ): Promise<{ root: string; child: string; other: string; grandchild: string }> {
    const root = (await r.step({ kind: 'TK01', act: 'request', performer: alice })).transactionId;
    await r.step({ transactionId: root, act: 'promise', performer: seller });
    const child = (await r.step({ kind: 'TK03', act: 'request', performer: seller, parent: root }))
      .transactionId;
    const other = (await r.step({ kind: 'TK03', act: 'request', performer: seller, parent: root }))
      .transactionId;
    await r.step({ transactionId: child, act: 'promise', performer: packer });
    const grandchild = withGrandchild
      ? (await r.step({ kind: 'TK04', act: 'request', performer: packer, parent: child }))
          .transactionId
      : '';
    // An unrelated transaction must not show up in the tree's audit trail.
    await r.step({ kind: 'TK01', act: 'request', performer: bob });
    return { root, child, other, grandchild };
  }

  it('lists a transaction with its descendants, depth first', async () => {
    const r = await running();
    const { root, child, other, grandchild } = await tree(r);
    expect((await r.queries.tree(root)).map((row) => [row.id, row.depth])).toEqual([
      [root, 0],
      [child, 1],
      [grandchild, 2],
      [other, 1],
    ]);
    expect((await r.queries.tree(child)).map((row) => row.id)).toEqual([child, grandchild]);
    expect(await r.queries.tree('missing')).toEqual([]);
    await r.stop();
  });

  it("gives a child's audit trail as the whole tree's facts in log order", async () => {
    const r = await running();
    const { root, child, other } = await tree(r, false);
    const audit = await r.queries.audit(child);
    expect(audit.items.map((row) => [row.transactionId, row.type])).toEqual([
      [root, 'SaleRequested'],
      [root, 'SalePromised'],
      [child, 'PackingRequested'],
      [other, 'PackingRequested'],
      [child, 'PackingPromised'],
    ]);
    const positions = audit.items.map((row) => BigInt(row.position as string));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(audit.items[1]).toMatchObject({
      performer: { actor: 'sue', role: 'A01' },
      status: 'promised',
    });
    expect((await r.queries.audit(root)).items).toEqual(audit.items);
    await r.stop();
  });

  it("gives a grandchild's audit trail as the same whole tree", async () => {
    const r = await running();
    const { root, grandchild } = await tree(r);
    const whole = (await r.queries.audit(root)).items;
    expect(whole.map((row) => row.type)).toContain('CheckRequested');
    expect((await r.queries.audit(grandchild)).items).toEqual(whole);
    await r.stop();
  });
});

describe('as of a past moment', () => {
  it('folds a transaction as of a position or a time', async () => {
    const r = await running();
    const requested = await r.step({ kind: 'TK01', act: 'request', performer: alice });
    const id = requested.transactionId;
    const promised = await r.step({ transactionId: id, act: 'promise', performer: seller });
    await r.step({ transactionId: id, act: 'execute', performer: seller });
    const head = BigInt((await r.store.head()) ?? '0');
    expect((await loadTransaction(r.store, id, { position: head })).state.status).toBe('executed');
    expect((await loadTransaction(r.store, id, { position: 2n })).state.status).toBe('promised');
    expect((await loadTransaction(r.store, id, { position: 0n })).state.status).toBe('initial');
    expect(
      (await loadTransaction(r.store, id, { time: requested.facts[0]?.time ?? '' })).state.status,
    ).toBe('requested');
    expect(
      (await loadTransaction(r.store, id, { time: promised.facts[0]?.time ?? '' })).state.version,
    ).toBe(2);
    await r.stop();
  });

  it('reproduces every past state of the built-in views as of a position and as of a time', async () => {
    const r = await running();
    const past: { position: bigint; time: string; rows: unknown }[] = [];
    const record = async (performed: Performed): Promise<string> => {
      past.push({
        position: BigInt((await r.store.head()) ?? '0'),
        time: performed.facts[0]?.time ?? '',
        rows: await rowsOf(r.views),
      });
      return performed.transactionId;
    };
    const id = await record(await r.step({ kind: 'TK01', act: 'request', performer: alice }));
    await record(await r.step({ transactionId: id, act: 'promise', performer: seller }));
    const child = await record(
      await r.step({ kind: 'TK03', act: 'request', performer: seller, parent: id }),
    );
    for (const name of ['promise', 'execute', 'declare'])
      await record(await r.step({ transactionId: child, act: name, performer: packer }));
    await record(await r.step({ transactionId: child, act: 'accept', performer: seller }));
    for (const name of ['execute', 'declare'])
      await record(await r.step({ transactionId: id, act: name, performer: seller }));
    await record(await r.step({ transactionId: id, act: 'accept', performer: alice }));
    await record(
      await r.step({ transactionId: id, act: 'revoke', revokes: 'accept', performer: alice }),
    );
    await record(
      await r.step({ transactionId: id, act: 'allow', revokes: 'accept', performer: seller }),
    );

    for (const point of past) {
      const byPosition = memoryViewStore();
      await viewsAsOf(documentModel, r.store, { position: point.position }, byPosition);
      expect(await rowsOf(byPosition)).toEqual(point.rows);
      const byTime = memoryViewStore();
      const then = await viewsAsOf(documentModel, r.store, { time: point.time }, byTime);
      expect(await rowsOf(byTime)).toEqual(point.rows);
      expect((await then.transaction(id))?.version).toBe(
        (
          point.rows as { transactions: { key: string; row: { version: number } }[] }
        ).transactions.find((row) => row.key === id)?.row.version,
      );
    }
    await r.stop();
  });

  it('gives the ledger balances as of a time, moving with the facts that moved them', async () => {
    // The engine's clock runs a day ahead of the wall clock, as in a simulation.
    const r = await running(ledgerModel, Date.now() + 86_400_000);
    await r.store.append({
      streamId: ledgerStreamId('stock', 'A'),
      expectedVersion: 'any',
      events: [
        {
          id: 'received-A',
          type: 'StockReceived',
          data: ledgerEventData({ ledger: 'stock', key: 'A', movement: 'Received', amount: 5 }),
        },
      ],
    });
    const requested = await r.step({
      kind: 'TK01',
      act: 'request',
      performer: alice,
      payload: { sku: 'A', qty: 3 },
    });
    const promised = await r.step({
      transactionId: requested.transactionId,
      act: 'promise',
      performer: seller,
    });
    const ledgerAt = async (time: string): Promise<unknown> =>
      (await (await viewsAsOf(ledgerModel, r.store, { time }, memoryViewStore())).ledger('stock'))
        .items[0];
    expect(await ledgerAt(promised.facts[0]?.time ?? '')).toMatchObject({ onHand: 5, reserved: 3 });
    expect(await ledgerAt(requested.facts[0]?.time ?? '')).toMatchObject({
      onHand: 5,
      reserved: 0,
    });
    await r.stop();
  });
});
