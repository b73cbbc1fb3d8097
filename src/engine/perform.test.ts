import { describe, expect, it } from 'vitest';
import type { ProtocolError, ProtocolErrorCode } from '../core/index.ts';
import { defineModel, type Model, type WaitLink } from '../model/index.ts';
import { createEngine, type Engine } from './engine.ts';
import { forwardingStore } from './forwarding-store.test-support.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { treeStreamId } from './fact-events.ts';
import { readLedger, receiveIntoLedger } from './ledger-effects.ts';
import { ledgerEventData, ledgerStreamId } from './ledger-events.ts';
import type { PerformInput } from './perform-input.ts';
import {
  done,
  logShape,
  readLog,
  refused,
  requestChild,
  resent,
  testEngine,
} from './perform-outcome.test-support.ts';
import type { EventStore } from './ports/event-store.ts';
import { ConcurrencyError, DuplicateEventError } from './ports/store-errors.ts';
import {
  alice,
  bob,
  checkKind,
  packer,
  packingKind,
  paymentKind,
  saleLinks,
  saleRoles,
  seller,
  stockLedger,
} from './sale-model.test-support.ts';

const baseModel = defineModel({
  name: 'perform-test',
  actorRoles: saleRoles,
  transactionKinds: {
    TK01: {
      name: 'Sale',
      product: '[sale] is done',
      initiator: 'CA01',
      executor: 'A01',
      payload: {
        type: 'object',
        properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
        required: ['sku', 'qty'],
        additionalProperties: false,
      },
      example: { sku: 'A', qty: 1 },
    },
    TK02: paymentKind,
    TK03: packingKind,
    TK04: checkKind,
  },
  processModel: saleLinks,
});

const stockLedgerModel: Model = {
  ...baseModel,
  ledgers: [stockLedger],
};

function withWaitLink(cardinality: WaitLink['cardinality']): Model {
  return {
    ...baseModel,
    processModel: {
      ...baseModel.processModel,
      waitLinks: [
        {
          act: { kind: 'TK01', act: 'execute' },
          waitsFor: { kind: 'TK03', fact: 'accepted' },
          ...(cardinality === undefined ? {} : { cardinality }),
        },
      ],
    },
  };
}

function setup(model: Model = baseModel): { engine: Engine; store: EventStore } {
  return testEngine(model);
}

/** Alice's request for a sale of `qty` of sku A, with any other fields of the input. */
function saleRequest(fields: Partial<PerformInput> = {}, qty = 1): PerformInput {
  return { kind: 'TK01', act: 'request', performer: alice, payload: { sku: 'A', qty }, ...fields };
}

async function requestSale(engine: Engine, qty = 1, performer = alice): Promise<string> {
  return (await done(engine, saleRequest({ performer }, qty))).transactionId;
}

async function receive(store: EventStore, sku: string, amount: number): Promise<void> {
  await store.append({
    streamId: ledgerStreamId('stock', sku),
    expectedVersion: 'any',
    events: [
      {
        id: `received-${sku}-${amount}`,
        type: 'StockReceived',
        data: ledgerEventData({ ledger: 'stock', key: sku, movement: 'Received', amount }),
      },
    ],
  });
}

describe('perform: a whole transaction', () => {
  it('runs request → promise → execute → declare → accept, one fact per act', async () => {
    const { engine, store } = setup();
    const requested = await done(engine, saleRequest({}, 2));
    const id = requested.transactionId;
    expect(id).toMatch(/^sale-/);
    expect(requested).toMatchObject({
      duplicate: false,
      state: {
        id,
        kind: 'TK01',
        status: 'requested',
        version: 1,
        initiator: { role: 'CA01', actor: 'alice' },
        executor: { role: 'A01' },
        correlationId: id,
        terms: { sku: 'A', qty: 2 },
      },
    });
    const statuses = [requested.state.status];
    for (const act of ['promise', 'execute', 'state', 'accept']) {
      const performer = act === 'accept' ? alice : seller;
      statuses.push((await done(engine, { transactionId: id, act, performer })).state.status);
    }
    expect(statuses).toEqual(['requested', 'promised', 'executed', 'declared', 'accepted']);
    const stream = await store.readStream(id);
    expect(stream.map((e) => e.type)).toEqual([
      'SaleRequested',
      'SalePromised',
      'SaleExecuted',
      'SaleDeclared',
      'SaleAccepted',
    ]);
    expect(stream.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect(await store.stream(id)).toMatchObject({ version: 5, metadata: { kind: 'TK01' } });
    expect(stream.every((e) => e.metadata.correlationId === id)).toBe(true);
  });
});

/**
 * One refusal: what happened to a requested sale first (`given`), the act then performed on it,
 * and what the refusal must say beside its code.
 */
interface Refusal<C extends ProtocolErrorCode> {
  readonly title: string;
  readonly given?: (engine: Engine, sale: string) => Promise<void>;
  readonly act: (sale: string) => PerformInput;
  readonly code: C;
  /** What the refusal says besides its code (and a message, which every refusal has). */
  readonly says?: (error: Extract<ProtocolError, { code: C }>) => void;
}

/** A row of the refusal table, its check typed by its code. */
const refusal = <C extends ProtocolErrorCode>(row: Refusal<C>): Refusal<ProtocolErrorCode> =>
  row as unknown as Refusal<ProtocolErrorCode>;

const refusals: readonly Refusal<ProtocolErrorCode>[] = [
  refusal({
    title: 'an unknown act',
    act: (sale) => ({ transactionId: sale, act: 'ship', performer: seller }),
    code: 'MalformedAct',
    says: (error) => expect(error.act).toBe('ship'),
  }),
  refusal({
    title: 'a revocation of an act that cannot be revoked',
    act: (sale) => ({ transactionId: sale, act: 'revoke', revokes: 'execute', performer: alice }),
    code: 'MalformedAct',
  }),
  refusal({
    title: 'an act that names neither a transaction nor a kind',
    act: () => ({ act: 'promise', performer: seller }),
    code: 'MalformedAct',
  }),
  refusal({
    title: 'an unknown kind',
    act: () => ({ kind: 'TK99', act: 'request', performer: alice }),
    code: 'UnknownKind',
    says: (error) => expect(error.kind).toBe('TK99'),
  }),
  refusal({
    title: 'a new request without a kind',
    act: () => ({ act: 'request', performer: alice }),
    code: 'UnknownKind',
  }),
  refusal({
    title: 'a role that is neither party',
    act: (sale) => ({ transactionId: sale, act: 'promise', performer: packer }),
    code: 'WrongRole',
    says: (error) => expect(error.expected).toEqual(['CA01', 'A01']),
  }),
  refusal({
    title: 'a party acting out of turn',
    act: (sale) => ({ transactionId: sale, act: 'promise', performer: alice }),
    code: 'WrongRole',
    says: (error) => expect(error.expected).toEqual(['A01']),
  }),
  refusal({
    title: 'an unknown actor role',
    act: () => saleRequest({ performer: { actor: 'x', role: 'X99' } }),
    code: 'UnknownRole',
    says: (error) => expect(error.role).toBe('X99'),
  }),
  refusal({
    title: 'an act on a transaction that does not exist',
    act: () => ({ transactionId: 'nope', act: 'promise', performer: seller }),
    code: 'UnknownTransaction',
    says: (error) => expect(error).toMatchObject({ transactionId: 'nope', act: 'promise' }),
  }),
  refusal({
    title: 'a malformed payload, naming each issue by its path',
    act: () => ({
      kind: 'TK01',
      act: 'request',
      performer: alice,
      payload: { sku: 7, qty: 0, extra: true },
    }),
    code: 'InvalidPayload',
    says: (error) => {
      expect(error.issues.map((i) => i.path).sort()).toEqual(['extra', 'qty', 'sku']);
      expect(error.message).toContain('qty');
    },
  }),
  // Without this the transaction's terms are null and a ledger's `amounts(terms)` cannot read them.
  refusal({
    title: 'a request that omits the payload its kind requires',
    act: () => ({ kind: 'TK01', act: 'request', performer: alice }),
    code: 'InvalidPayload',
    says: (error) => expect(error.issues.length).toBeGreaterThan(0),
  }),
  refusal({
    title: 'another actor of a personal role',
    act: (sale) => ({ transactionId: sale, act: 'revoke', revokes: 'request', performer: bob }),
    code: 'WrongActor',
    says: (error) => expect(error).toMatchObject({ actor: 'bob', party: 'initiator' }),
  }),
  refusal({
    title: 'a request to a personal executor role that names no addressee',
    act: () => ({ kind: 'TK02', act: 'request', performer: seller }),
    code: 'MissingAddressee',
    says: (error) => expect(error.role).toBe('CA01'),
  }),
  refusal({
    title: 'an act out of order, listing what is allowed',
    act: (sale) => ({ transactionId: sale, act: 'execute', performer: seller }),
    code: 'ActNotAllowed',
    says: (error) => {
      expect(error.status).toBe('requested');
      expect(error.allowed).toEqual([
        { act: 'promise', party: 'executor', role: 'A01' },
        { act: 'decline', party: 'executor', role: 'A01' },
        { act: 'revoke', revokes: 'request', party: 'initiator', role: 'CA01' },
      ]);
    },
  }),
  refusal({
    title: 'every other act while a revocation is pending',
    given: async (engine, sale) => {
      await done(engine, {
        transactionId: sale,
        act: 'revoke',
        revokes: 'request',
        performer: alice,
      });
    },
    act: (sale) => ({ transactionId: sale, act: 'promise', performer: seller }),
    code: 'RevocationPending',
    says: (error) =>
      expect(error.pending).toEqual({
        revokes: 'request',
        by: 'initiator',
        actor: 'alice',
        from: 'requested',
      }),
  }),
  refusal({
    title: 'any act on a terminal transaction',
    given: async (engine, sale) => {
      await done(engine, { transactionId: sale, act: 'decline', performer: seller });
      await done(engine, { transactionId: sale, act: 'quit', performer: alice });
    },
    act: (sale) => saleRequest({ transactionId: sale }),
    code: 'TerminalStatus',
    says: (error) => expect(error.status).toBe('quitted'),
  }),
];

describe('perform: refusals are typed values and append nothing', () => {
  it.each(refusals)('refuses $title', async ({ given, act, code, says }) => {
    const { engine } = setup();
    const sale = await requestSale(engine);
    await given?.(engine, sale);
    const error = await refused(engine, act(sale), code);
    says?.(error);
  });

  it.each(['a/b', "x'; drop", 'ledger:stock:A', 'tree:x', '-leading', 'a b', 'x'.repeat(129)])(
    'refuses the transaction id %j',
    async (transactionId) => {
      const { engine, store } = setup();
      await requestSale(engine);
      const error = await refused(engine, saleRequest({ transactionId }), 'UnknownTransaction');
      expect(error.transactionId).toBe(transactionId);
      expect(await store.stream(transactionId)).toBeUndefined();
    },
  );
});

describe('perform: idempotency by act id', () => {
  it('returns the original facts for a re-sent act and appends nothing', async () => {
    const { engine } = setup();
    const input = saleRequest({ actId: 'req-1', transactionId: 'sale-x' });
    const first = await done(engine, input);
    const again = await resent(engine, input);
    expect(again).toEqual({ ...first, duplicate: true });
  });

  it('refuses, appending nothing, an act whose id was already spent on something that is not an act', async () => {
    const { engine, store } = setup(stockLedgerModel);
    await receiveIntoLedger(store, stockLedgerModel.ledgers ?? [], {
      ledger: 'stock',
      key: 'A',
      amount: 3,
      id: 'spent',
    });
    const before = await logShape(store);
    await expect(engine.perform(saleRequest({ actId: 'spent' }))).rejects.toBeInstanceOf(
      DuplicateEventError,
    );
    expect(await logShape(store)).toEqual(before);
  });

  it('recognises a re-sent act after the transaction has moved on', async () => {
    const { engine } = setup();
    const id = await requestSale(engine);
    const promise: PerformInput = {
      actId: 'p-1',
      transactionId: id,
      act: 'promise',
      performer: seller,
    };
    const promised = await done(engine, promise);
    await done(engine, { transactionId: id, act: 'execute', performer: seller });
    // A stale expected version does not matter: the act was already performed.
    const again = await resent(engine, { ...promise, expectedVersion: 1 });
    expect(again.duplicate).toBe(true);
    expect(again.facts).toEqual(promised.facts);
    expect(again.state.status).toBe('promised');
  });

  it('starts one transaction for a request re-sent without a transaction id', async () => {
    const { engine, store } = setup();
    const input = saleRequest({ actId: 'req-once' });
    const first = await done(engine, input);
    const again = await resent(engine, input);
    expect(again.duplicate).toBe(true);
    expect(again.transactionId).toBe(first.transactionId);
    expect(again.facts).toEqual(first.facts);
    expect((await readLog(store)).filter((e) => e.type === 'SaleRequested')).toHaveLength(1);
  });
});

describe('perform: optimistic concurrency', () => {
  it('throws ConcurrencyError for a stale expected version and appends nothing', async () => {
    const { engine, store } = setup();
    const id = await requestSale(engine);
    await done(engine, {
      transactionId: id,
      act: 'promise',
      performer: seller,
      expectedVersion: 1,
    });
    const before = await logShape(store);
    const stale = engine.perform({
      transactionId: id,
      act: 'execute',
      performer: seller,
      expectedVersion: 1,
    });
    await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(stale).rejects.toMatchObject({ streamId: id, expected: 1, actual: 2 });
    expect(await logShape(store)).toEqual(before);
  });

  it('decides a conflicting act again on the new state: one of promise and decline wins', async () => {
    const { engine, store } = setup();
    const id = await requestSale(engine);
    const [promise, decline] = await Promise.all([
      engine.perform({ transactionId: id, act: 'promise', performer: seller }),
      engine.perform({ transactionId: id, act: 'decline', performer: seller }),
    ]);
    const results = [promise, decline];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser?.ok === false && loser.error.code).toBe('ActNotAllowed');
    const stream = await store.readStream(id);
    expect(stream).toHaveLength(2);
    const winner = promise.ok ? 'promised' : 'declined';
    expect(loser?.ok === false && loser.error.code === 'ActNotAllowed' && loser.error.status).toBe(
      winner,
    );
  });
});

describe('perform: wait links', () => {
  async function packing(engine: Engine, parent: string): Promise<string> {
    return (await requestChild(engine, 'TK03', seller, parent)).transactionId;
  }

  it('refuses the waiting act, naming the kind, fact and transaction, until the child is accepted', async () => {
    const { engine } = setup(withWaitLink('1'));
    const id = await requestSale(engine);
    await done(engine, { transactionId: id, act: 'promise', performer: seller });
    const execute: PerformInput = { transactionId: id, act: 'execute', performer: seller };
    const none = await refused(engine, execute, 'AwaitingFact');
    expect(none.awaiting).toEqual({ kind: 'TK03', kindName: 'Packing', fact: 'accepted' });
    const child = await packing(engine, id);
    const open = await refused(engine, execute, 'AwaitingFact');
    expect(open.awaiting).toEqual({
      kind: 'TK03',
      kindName: 'Packing',
      fact: 'accepted',
      transactionId: child,
      status: 'requested',
    });
    for (const act of ['promise', 'execute', 'declare']) {
      await done(engine, { transactionId: child, act, performer: packer });
      await refused(engine, execute, 'AwaitingFact');
    }
    await done(engine, { transactionId: child, act: 'accept', performer: seller });
    expect((await done(engine, execute)).state.status).toBe('executed');
  });

  it('lets an optional wait link (0..n) pass without children, but waits for a live child', async () => {
    const { engine } = setup(withWaitLink('0..n'));
    const first = await requestSale(engine);
    await done(engine, { transactionId: first, act: 'promise', performer: seller });
    expect(
      (await done(engine, { transactionId: first, act: 'execute', performer: seller })).state
        .status,
    ).toBe('executed');

    const second = await requestSale(engine);
    await done(engine, { transactionId: second, act: 'promise', performer: seller });
    const child = await packing(engine, second);
    const waiting = await refused(
      engine,
      { transactionId: second, act: 'execute', performer: seller },
      'AwaitingFact',
    );
    expect(waiting.awaiting.transactionId).toBe(child);
    // A child that was revoked no longer holds the parent up.
    await done(engine, {
      transactionId: child,
      act: 'revoke',
      revokes: 'request',
      performer: seller,
    });
    await done(engine, {
      transactionId: child,
      act: 'allow',
      revokes: 'request',
      performer: packer,
    });
    await done(engine, { transactionId: second, act: 'execute', performer: seller });
  });
});

describe('perform: child transactions', () => {
  it('records the parent on the child and the child in the parent tree stream', async () => {
    const { engine, store } = setup();
    const id = await requestSale(engine);
    const child = await requestChild(engine, 'TK03', seller, id);
    expect(child.state.parent).toEqual({ transactionId: id, kind: 'TK01' });
    expect(child.facts[0]?.parent).toEqual({ transactionId: id, kind: 'TK01' });
    expect(await store.stream(child.transactionId)).toMatchObject({
      metadata: { kind: 'TK03', parent: id },
    });
    const tree = await store.readStream(treeStreamId(id));
    expect(tree.map((e) => [e.type, e.data])).toEqual([
      ['ChildInitiated', { transactionId: child.transactionId, kind: 'TK03' }],
    ]);
    expect((await engine.reader.children(id)).map((s) => s.id)).toEqual([child.transactionId]);
  });

  it('refuses a child of a parent that does not exist', async () => {
    const { engine } = setup();
    await requestSale(engine);
    const error = await refused(
      engine,
      { kind: 'TK03', act: 'request', performer: seller, parent: 'ghost' },
      'UnknownTransaction',
    );
    expect(error.transactionId).toBe('ghost');
  });

  it('correlates every fact of a tree, grandchildren included, by the root transaction id', async () => {
    const { engine, store } = setup();
    const root = await requestSale(engine);
    await done(engine, { transactionId: root, act: 'promise', performer: seller });
    const child = await requestChild(engine, 'TK03', seller, root);
    await done(engine, { transactionId: child.transactionId, act: 'promise', performer: packer });
    const grandchild = await requestChild(engine, 'TK04', packer, child.transactionId);
    await done(engine, {
      transactionId: grandchild.transactionId,
      act: 'promise',
      performer: seller,
    });
    const facts = [
      ...(await engine.reader.facts(root)),
      ...(await engine.reader.facts(child.transactionId)),
      ...(await engine.reader.facts(grandchild.transactionId)),
    ];
    expect(facts).toHaveLength(6);
    expect(new Set(facts.map((f) => f.correlationId))).toEqual(new Set([root]));
    expect(grandchild.state.correlationId).toBe(root);
    expect((await store.readStream(treeStreamId(child.transactionId))).map((e) => e.data)).toEqual([
      { transactionId: grandchild.transactionId, kind: 'TK04' },
    ]);
  });
});

describe('perform: ledgers', () => {
  async function balance(store: EventStore, sku = 'A'): Promise<unknown> {
    return (await readLedger(store, 'stock', sku)).balance;
  }

  async function movements(store: EventStore, sku = 'A'): Promise<string[]> {
    return (await store.readStream(ledgerStreamId('stock', sku))).map((e) => e.type);
  }

  it('reserves on promise, refuses a promise short of stock with the numbers, appending nothing', async () => {
    const { engine, store } = setup(stockLedgerModel);
    await receive(store, 'A', 5);
    const first = await requestSale(engine, 3);
    await done(engine, { transactionId: first, act: 'promise', performer: seller });
    expect(await balance(store)).toEqual({ onHand: 5, reserved: 3, available: 2 });
    const second = await requestSale(engine, 3);
    const error = await refused(
      engine,
      { transactionId: second, act: 'promise', performer: seller },
      'RuleRefused',
    );
    expect(error.rule).toBe('ledger:stock');
    expect(error.details).toEqual({ ledger: 'stock', key: 'A', requested: 3, available: 2 });
    expect((await engine.reader.transaction(second))?.status).toBe('requested');
    // Declining needs no stock.
    await done(engine, { transactionId: second, act: 'decline', performer: seller });
    expect(await balance(store)).toEqual({ onHand: 5, reserved: 3, available: 2 });
  });

  it('releases the reservation when a promise revocation is allowed', async () => {
    const { engine, store } = setup(stockLedgerModel);
    await receive(store, 'A', 5);
    const id = await requestSale(engine, 4);
    await done(engine, { transactionId: id, act: 'promise', performer: seller });
    await done(engine, { transactionId: id, act: 'revoke', revokes: 'promise', performer: seller });
    // Pending is not yet released: the promise is in force until the revocation is allowed.
    expect(await balance(store)).toEqual({ onHand: 5, reserved: 4, available: 1 });
    await done(engine, { transactionId: id, act: 'allow', revokes: 'promise', performer: alice });
    expect(await balance(store)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await movements(store)).toEqual(['StockReceived', 'StockReserved', 'StockReleased']);
  });

  it('keeps the reservation when a revocation is refused', async () => {
    const { engine, store } = setup(stockLedgerModel);
    await receive(store, 'A', 5);
    const id = await requestSale(engine, 2);
    await done(engine, { transactionId: id, act: 'promise', performer: seller });
    await done(engine, { transactionId: id, act: 'revoke', revokes: 'request', performer: alice });
    await done(engine, { transactionId: id, act: 'refuse', revokes: 'request', performer: seller });
    expect(await balance(store)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await movements(store)).toEqual(['StockReceived', 'StockReserved']);
  });

  it('consumes on execute and returns the goods when the request is revoked after execution', async () => {
    const { engine, store } = setup(stockLedgerModel);
    await receive(store, 'A', 5);
    const id = await requestSale(engine, 3);
    await done(engine, { transactionId: id, act: 'promise', performer: seller });
    await done(engine, { transactionId: id, act: 'execute', performer: seller });
    expect(await balance(store)).toEqual({ onHand: 2, reserved: 0, available: 2 });
    await done(engine, { transactionId: id, act: 'revoke', revokes: 'request', performer: alice });
    await done(engine, { transactionId: id, act: 'allow', revokes: 'request', performer: seller });
    expect(await balance(store)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await movements(store)).toEqual([
      'StockReceived',
      'StockReserved',
      'StockConsumed',
      'StockReturned',
    ]);
    const returned = (await store.readStream(ledgerStreamId('stock', 'A'))).at(-1);
    expect(returned?.data).toMatchObject({ movement: 'Returned', amount: 3, transactionId: id });
  });

  it('returns and reserves again when a declaration is revoked back to promised', async () => {
    const { engine, store } = setup(stockLedgerModel);
    await receive(store, 'A', 5);
    const id = await requestSale(engine, 1);
    for (const act of ['promise', 'execute', 'declare'])
      await done(engine, { transactionId: id, act, performer: seller });
    await done(engine, { transactionId: id, act: 'revoke', revokes: 'declare', performer: seller });
    await done(engine, { transactionId: id, act: 'allow', revokes: 'declare', performer: alice });
    expect((await engine.reader.transaction(id))?.status).toBe('promised');
    expect(await balance(store)).toEqual({ onHand: 5, reserved: 1, available: 4 });
  });
});

describe('engine.kindOf', () => {
  it('names a transaction kind from what the engine saw, else from the log; none for no transaction', async () => {
    const log = memoryEventStore();
    let streamReads = 0;
    const store = forwardingStore(log, {
      stream: (streamId) => {
        streamReads += 1;
        return log.stream(streamId);
      },
    });
    const engine = createEngine({ model: baseModel, store });
    const id = (await done(engine, saleRequest())).transactionId;
    expect(await engine.kindOf(id)).toBe('TK01');
    expect(streamReads, 'the act just performed is remembered: no read').toBe(0);
    // Another process's engine has not seen it: it asks the log.
    const other = createEngine({ model: baseModel, store });
    expect(await other.kindOf(id)).toBe('TK01');
    expect(streamReads).toBe(1);
    expect(await other.kindOf('no-such-transaction')).toBeUndefined();
    // A stream that is not a transaction (a ledger) has no kind.
    await receive(log, 'A', 5);
    expect(await other.kindOf(ledgerStreamId('stock', 'A'))).toBeUndefined();
  });
});
