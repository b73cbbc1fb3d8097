import { describe, expect, it } from 'vitest';
import type { TransactionKindSpec } from './act-command.ts';
import { outlookOf } from './act-outlook.ts';
import { entityInstanceOf, planAct, planNeeds, type ActPlanModel } from './act-plan.ts';
import { describeAwaited } from './awaited-facts.ts';
import { actorInTree, startableChildren } from './child-admission.ts';
import { childKinds, parentKinds, startsBeside, type ProcessLinks } from './process-links.ts';
import { initialTransactionState, type TransactionState } from './transaction-state.ts';
import { responseLink, waitLink } from './process-links.test-support.ts';

const roles: Record<string, { initiator: string; executor: string }> = {
  TK01: { initiator: 'CA01', executor: 'A01' },
  TK02: { initiator: 'A01', executor: 'CA01' },
  TK03: { initiator: 'A01', executor: 'A02' },
};

const process: ProcessLinks = {
  responseLinks: [
    responseLink('TK01/promised', 'TK02/request', '1'),
    responseLink('TK02/accepted', 'TK03/request', '0..1'),
  ],
  waitLinks: [waitLink('TK01/execute', 'TK03/accepted')],
  rolesOf: (kind) => roles[kind],
};

const spec = (id: string, name: string, personalExecutor = false): TransactionKindSpec => ({
  id,
  name,
  initiator: { role: roles[id]?.initiator ?? '', personal: id === 'TK01' },
  executor: { role: roles[id]?.executor ?? '', personal: personalExecutor },
});

const kinds: Record<string, TransactionKindSpec> = {
  TK01: { ...spec('TK01', 'Order'), entity: { type: 'ORDER' } },
  TK02: spec('TK02', 'Payment', true),
  TK03: spec('TK03', 'Shipment'),
};

const model: ActPlanModel = {
  process,
  kindSpec: (kind) => kinds[kind],
  checkPayload: () => [],
  ledgers: [],
};

function tx(
  id: string,
  kind: string,
  status: TransactionState['status'],
  parent?: string,
): TransactionState {
  return {
    ...initialTransactionState,
    id,
    kind,
    status,
    version: 1,
    initiator: {
      role: roles[kind]?.initiator ?? '',
      ...(kind === 'TK01' ? { actor: 'alice' } : {}),
    },
    executor: { role: roles[kind]?.executor ?? '' },
    parent: parent === undefined ? null : { transactionId: parent, kind: 'TK01' },
    correlationId: parent ?? id,
  };
}

const sue = { actor: 'sue', role: 'A01' };
const at = '2026-01-01T00:00:00.000Z';

/** The seller's request for a payment under order o1, which names no addressee. */
const paymentRequest = {
  actId: 'a',
  transactionId: 'p1',
  act: 'request',
  kind: 'TK02',
  parent: 'o1',
  performer: sue,
  time: at,
} as const;

describe('the process links', () => {
  it('lets a link start beside its fact where one role initiates both kinds', () => {
    const [toPayment, toShipment] = process.responseLinks ?? [];
    expect(toPayment && startsBeside(process, toPayment)).toBe(false);
    expect(toShipment && startsBeside(process, toShipment)).toBe(true);
    expect(childKinds(process, 'TK01')).toEqual(['TK02', 'TK03']);
    expect(parentKinds(process, 'TK03')).toEqual(['TK02', 'TK01']);
    expect(parentKinds(process, 'TK01')).toEqual([]);
  });
});

describe('planNeeds', () => {
  it('asks for the parent and its tree for a child with a personal executor and no addressee', () => {
    const act = paymentRequest;
    expect(planNeeds(model, initialTransactionState, act)).toEqual({
      parent: 'o1',
      treeOf: 'o1',
      ledgerKeys: [],
    });
    expect(planNeeds(model, initialTransactionState, { ...act, addressee: 'alice' })).toEqual({
      parent: 'o1',
      ledgerKeys: [],
    });
  });

  it('asks for the tree only for an act a wait link holds', () => {
    const order = tx('o1', 'TK01', 'promised');
    const base = { actId: 'a', transactionId: 'o1', performer: sue, time: at } as const;
    expect(planNeeds(model, order, { ...base, act: 'execute' })).toMatchObject({ treeOf: 'o1' });
    expect(planNeeds(model, order, { ...base, act: 'decline' })).toEqual({ ledgerKeys: [] });
  });
});

describe('planAct', () => {
  const request = paymentRequest;

  it('plans a child with its default addressee, recorded against the version of the parent list', () => {
    const order = tx('o1', 'TK01', 'promised');
    const planned = planAct(model, { state: initialTransactionState }, request, {
      parent: { state: order, children: [], childListVersion: 3 },
      tree: [order],
    });
    expect(planned.ok && planned.value.child).toEqual({
      parent: { transactionId: 'o1', kind: 'TK01' },
      expectedVersion: 3,
    });
    expect(planned.ok && planned.value.state.executor).toEqual({ role: 'CA01', actor: 'alice' });
    expect(planned.ok && planned.value.facts[0]?.correlationId).toBe('o1');
  });

  it('refuses with the typed refusal of each broken link', () => {
    const order = tx('o1', 'TK01', 'requested');
    const notDue = planAct(model, { state: initialTransactionState }, request, {
      parent: { state: order, children: [], childListVersion: 0 },
    });
    expect(!notDue.ok && notDue.error.code).toBe('ResponseNotDue');
    const promised = tx('o1', 'TK01', 'promised');
    const used = planAct(model, { state: initialTransactionState }, request, {
      parent: {
        state: promised,
        children: [tx('p0', 'TK02', 'promised', 'o1')],
        childListVersion: 1,
      },
    });
    expect(!used.ok && used.error.code).toBe('CardinalityExceeded');
    const orphan = planAct(
      model,
      { state: initialTransactionState },
      { ...request, parent: undefined } as never,
      {},
    );
    expect(!orphan.ok && orphan.error.code).toBe('ParentRequired');
    const ghost = planAct(model, { state: initialTransactionState }, request, {});
    expect(!ghost.ok && ghost.error.code).toBe('UnknownTransaction');
    const held = planAct(
      model,
      { state: promised },
      { actId: 'b', transactionId: 'o1', act: 'execute', performer: sue, time: at },
      { tree: [promised, tx('s1', 'TK03', 'promised', 'o1')] },
    );
    expect(!held.ok && held.error.code === 'AwaitingFact' && held.error.awaiting).toEqual({
      kind: 'TK03',
      kindName: 'Shipment',
      fact: 'accepted',
      transactionId: 's1',
      status: 'promised',
    });
  });
});

describe('the outlook of a transaction', () => {
  it('marks the waiting act and lists the startable children with what remains', () => {
    const order = tx('o1', 'TK01', 'promised');
    const paid = tx('p1', 'TK02', 'accepted', 'o1');
    const outlook = outlookOf(model, order, {
      tree: [order, paid],
      sameEntity: [],
      children: [paid],
    });
    expect(outlook.allowed.find((a) => a.act === 'execute')?.waiting).toEqual([
      { kind: 'TK03', kindName: 'Shipment', fact: 'accepted' },
    ]);
    expect(outlook.startable).toEqual([
      expect.objectContaining({ kind: 'TK03', source: 'p1', remaining: 1, required: false }),
    ]);
    expect(startableChildren(process, { state: order, children: [], childListVersion: 0 })).toEqual(
      [expect.objectContaining({ kind: 'TK02', source: 'o1', remaining: 1, required: true })],
    );
  });
});

describe('helpers', () => {
  it('finds the actor of a role nearest up the tree', () => {
    const order = tx('o1', 'TK01', 'promised');
    expect(actorInTree('CA01', 'o1', [order])).toBe('alice');
    expect(actorInTree('A02', 'o1', [order])).toBeUndefined();
  });

  it('reads the entity instance from the terms at the key, or takes the transaction itself', () => {
    expect(
      entityInstanceOf(
        { ...spec('TK02', 'Payment'), entity: { type: 'ORDER', key: 'order.id' } },
        'p1',
        { order: { id: 'o1' } },
      ),
    ).toEqual({ type: 'ORDER', id: 'o1' });
    expect(
      entityInstanceOf({ ...spec('TK01', 'Order'), entity: { type: 'ORDER' } }, 'o1', null),
    ).toEqual({ type: 'ORDER', id: 'o1' });
    expect(
      entityInstanceOf(
        { ...spec('TK02', 'Payment'), entity: { type: 'ORDER', key: 'order' } },
        'p1',
        {},
      ),
    ).toBeUndefined();
  });

  it('describes what an act waits for', () => {
    expect(
      describeAwaited([
        { kind: 'TK03', kindName: 'Shipment', fact: 'accepted' },
        { kind: 'TK02', fact: 'accepted', transactionId: 'p1', status: 'promised' },
      ]),
    ).toBe("TK03/accepted (Shipment, none requested yet); TK02/accepted in 'p1' (now promised)");
  });
});
