import { describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import type { PerformInput } from './perform-input.ts';
import { done, refused, requestChild, testEngine } from './perform-outcome.test-support.ts';
import type { EventStore } from './ports/event-store.ts';
import { alice, pat, processModel, sue } from './process-model.test-support.ts';

function setup(): { engine: Engine; store: EventStore } {
  return testEngine(processModel);
}

/** Runs a transaction through promise, execute, declare and accept. */
async function complete(engine: Engine, id: string, executor: typeof sue, initiator: typeof sue) {
  for (const [act, by] of [
    ['promise', executor],
    ['execute', executor],
    ['declare', executor],
    ['accept', initiator],
  ] as const) {
    await done(engine, { transactionId: id, act, performer: by });
  }
}

async function promisedSale(engine: Engine): Promise<string> {
  const sale = await done(engine, { kind: 'TK01', act: 'request', performer: alice, payload: {} });
  await done(engine, { transactionId: sale.transactionId, act: 'promise', performer: sue });
  return sale.transactionId;
}

const payment = (parent: string): PerformInput => ({
  kind: 'TK02',
  act: 'request',
  performer: sue,
  parent,
});

describe('response links', () => {
  it('refuses a child whose kind no response link starts under the parent kind', async () => {
    const { engine } = setup();
    const sale = await promisedSale(engine);
    const error = await refused(
      engine,
      { kind: 'TK04', act: 'request', performer: pat, parent: sale },
      'NoResponseLink',
    );
    expect(error).toMatchObject({ kind: 'TK04', parentKind: 'TK01', parent: sale });
    expect(error.message).toContain('(TK03/promised)');
  });

  it('refuses a kind that links start when it is requested without a parent', async () => {
    const { engine } = setup();
    const error = await refused(
      engine,
      { kind: 'TK02', act: 'request', performer: sue },
      'ParentRequired',
    );
    expect(error.parentKinds).toEqual(['TK01']);
  });

  it('refuses a child before the parent fact it responds to is in force', async () => {
    const { engine } = setup();
    const sale = await done(engine, { kind: 'TK01', act: 'request', performer: alice });
    const error = await refused(engine, payment(sale.transactionId), 'ResponseNotDue');
    expect(error.links).toEqual([{ from: { kind: 'TK01', fact: 'promised' }, cardinality: '1' }]);
    expect(error.message).toContain('is requested');
  });

  it("addresses a child to the actor who fills its executor role in the tree: the sale's customer", async () => {
    const { engine } = setup();
    const sale = await promisedSale(engine);
    const paid = await done(engine, payment(sale));
    expect(paid.state.executor).toEqual({ role: 'CA01', actor: 'alice' });
    expect(paid.facts[0]?.addressee).toMatchObject({ role: 'CA01', actor: 'alice' });
  });

  it("admits one child by a '1' link, and a new one once the first has quitted", async () => {
    const { engine } = setup();
    const sale = await promisedSale(engine);
    const first = await done(engine, payment(sale));
    const error = await refused(engine, payment(sale), 'CardinalityExceeded');
    expect(error).toMatchObject({ kind: 'TK02', parent: sale, cardinality: '1', started: 1 });
    await done(engine, { transactionId: first.transactionId, act: 'decline', performer: alice });
    await done(engine, { transactionId: first.transactionId, act: 'quit', performer: sue });
    await done(engine, payment(sale));
  });

  it("lets exactly one of two racing starts of a '1' link win", async () => {
    const { engine, store } = setup();
    const sale = await promisedSale(engine);
    const results = await Promise.all([1, 2, 3].map(() => engine.perform(payment(sale))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual([
      'CardinalityExceeded',
      'CardinalityExceeded',
    ]);
    expect((await engine.reader.children(sale)).map((c) => c.kind)).toEqual(['TK02']);
    expect(await store.head()).toBeDefined();
  });

  it("starts a child by a sibling's fact: a packing under the sale once its payment is accepted", async () => {
    const { engine } = setup();
    const sale = await promisedSale(engine);
    const packing: PerformInput = { kind: 'TK03', act: 'request', performer: sue, parent: sale };
    await refused(engine, packing, 'ResponseNotDue');
    const paid = await done(engine, payment(sale));
    await complete(engine, paid.transactionId, alice, sue);
    await done(engine, packing);
    await refused(engine, packing, 'CardinalityExceeded');
  });

  it('returns the original outcome when a child request is sent again with its act id', async () => {
    const { engine } = setup();
    const sale = await promisedSale(engine);
    const first = await done(engine, { ...payment(sale), actId: 'pay-once' });
    const again = await done(engine, { ...payment(sale), actId: 'pay-once' });
    expect(again).toMatchObject({ transactionId: first.transactionId, duplicate: true });
  });
});

describe('product data', () => {
  it("requires the kind's productPayload at execute, and carries the product on the declaration", async () => {
    const { engine } = setup();
    const sale = await promisedSale(engine);
    const paid = await done(engine, payment(sale));
    await complete(engine, paid.transactionId, alice, sue);
    const packing = await requestChild(engine, 'TK03', sue, sale);
    await complete(engine, packing.transactionId, pat, sue);
    const execute: PerformInput = { transactionId: sale, act: 'execute', performer: sue };
    const missing = await refused(engine, execute, 'InvalidPayload');
    expect(missing.message).toContain('product data of [sale] is done');
    const wrong = await refused(engine, { ...execute, payload: { receipt: '' } }, 'InvalidPayload');
    expect(wrong.issues[0]?.path).toBe('receipt');
    await done(engine, { ...execute, payload: { receipt: 'R-1' } });
    const declared = await done(engine, { transactionId: sale, act: 'declare', performer: sue });
    expect(declared.facts[0]?.payload).toEqual({ receipt: 'R-1' });
  });
});

describe('wait links', () => {
  it('holds an act until the awaited fact is in force anywhere in its tree, not only parent and siblings', async () => {
    const { engine } = setup();
    const sale = await promisedSale(engine);
    const paid = await done(engine, payment(sale));
    for (const act of ['promise', 'execute', 'declare'] as const)
      await done(engine, { transactionId: paid.transactionId, act, performer: alice });
    await done(engine, { transactionId: paid.transactionId, act: 'accept', performer: sue });
    const packing = await requestChild(engine, 'TK03', sue, sale);
    await done(engine, { transactionId: packing.transactionId, act: 'promise', performer: pat });
    const check = await requestChild(engine, 'TK04', pat, packing.transactionId);
    await done(engine, { transactionId: check.transactionId, act: 'promise', performer: sue });
    // The check's execute waits for its "uncle", the payment: accepted, so it goes.
    await done(engine, { transactionId: check.transactionId, act: 'execute', performer: sue });
    // The sale's execute waits for the packing, which is only promised.
    const waiting = await refused(
      engine,
      { transactionId: sale, act: 'execute', performer: sue, payload: { receipt: 'R' } },
      'AwaitingFact',
    );
    expect(waiting.awaiting).toEqual({
      kind: 'TK03',
      kindName: 'Packing',
      fact: 'accepted',
      transactionId: packing.transactionId,
      status: 'promised',
    });
  });

  it('holds an act of another tree until the awaited fact is in force for the same entity instance', async () => {
    const { engine } = setup();
    const sale = await promisedSale(engine);
    const other = await promisedSale(engine);
    const ret = await done(engine, {
      kind: 'TK05',
      act: 'request',
      performer: alice,
      payload: { sale },
    });
    const promise: PerformInput = {
      transactionId: ret.transactionId,
      act: 'promise',
      performer: sue,
    };
    const waiting = await refused(engine, promise, 'AwaitingFact');
    expect(waiting.awaiting).toMatchObject({
      kind: 'TK01',
      transactionId: sale,
      status: 'promised',
    });
    expect(waiting.message).not.toContain(other);
  });
});
