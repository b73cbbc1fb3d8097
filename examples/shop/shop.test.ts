import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFactum, type Factum } from '../../src/engine/factum.ts';
import { storeFactories, type TestStores } from '../../test/store-factories.ts';
import { shopModel as shop } from './model.ts';
import { seedStock } from './seed.ts';

const address = {
  name: 'Alice Example',
  street: '1 Market Street',
  city: 'Utrecht',
  postcode: '3511 AA',
  country: 'NL',
};
const alice = { actor: 'alice', role: 'CA01' };
const sam = { actor: 'sam', role: 'A02' };

const opened: TestStores[] = [];
let openStores: () => Promise<TestStores>;

afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.dispose();
});

async function startShop(): Promise<{ factum: Factum; clock: { now: number } }> {
  const clock = { now: Date.parse('2026-03-02T10:00:00Z') };
  const stores = await openStores();
  opened.push(stores);
  const factum = createFactum({
    model: shop,
    store: stores.store,
    views: stores.views,
    now: () => new Date((clock.now += 1000)),
    agentOptions: { timerIntervalMs: 60_000, backoffMs: 1 },
  });
  await seedStock(factum);
  await factum.start();
  return { factum, clock };
}

async function order(
  factum: Factum,
  lines: { sku: string; qty: number }[],
  customer = alice,
): Promise<string> {
  const result = await factum.perform({
    kind: 'TK01',
    act: 'request',
    performer: customer,
    payload: { lines, shippingAddress: address },
  });
  if (!result.ok) throw new Error(result.error.message);
  await factum.settle();
  return result.value.transactionId;
}

async function act(
  factum: Factum,
  transactionId: string,
  name: string,
  performer: { actor: string; role: string },
  extra = {},
): Promise<void> {
  const result = await factum.perform({ transactionId, act: name, performer, ...extra });
  if (!result.ok) throw new Error(`${name} on ${transactionId}: ${result.error.message}`);
  await factum.settle();
}

async function stock(factum: Factum, sku: string): Promise<Record<string, unknown> | undefined> {
  const page = await factum.queries.ledger('stock');
  return page.items.find((row) => row.key === sku);
}

describe.each(storeFactories)('the shop, end to end on %s', (_name, open) => {
  beforeAll(() => {
    openStores = open;
  });

  it('takes an order from request through payment and shipment to accept', async () => {
    const { factum } = await startShop();
    const orderId = await order(factum, [
      { sku: 'MUG-001', qty: 2 },
      { sku: 'TEA-010', qty: 1 },
    ]);
    expect((await factum.queries.transaction(orderId))?.status).toBe('promised');
    expect(await stock(factum, 'MUG-001')).toMatchObject({
      onHand: 40,
      reserved: 2,
      available: 38,
    });

    const paymentId = `${orderId}.TK02`;
    const payment = await factum.queries.transaction(paymentId);
    expect(payment).toMatchObject({
      status: 'requested',
      executor: { role: 'CA01', actor: 'alice' },
      terms: { amount: 3390, currency: 'EUR' },
    });
    const aliceAgenda = await factum.queries.agenda('CA01', { owner: 'alice' });
    expect(aliceAgenda.items.map((row) => row.transactionId)).toContain(paymentId);

    await act(factum, paymentId, 'promise', alice);
    await act(factum, paymentId, 'execute', alice, { payload: { method: 'card' } });
    await act(factum, paymentId, 'declare', alice);
    expect((await factum.queries.transaction(paymentId))?.status).toBe('accepted');

    const shipmentId = `${orderId}.TK03`;
    expect((await factum.queries.transaction(shipmentId))?.status).toBe('requested');
    const shipperAgenda = await factum.queries.agenda('A02');
    expect(shipperAgenda.items.map((row) => row.transactionId)).toEqual([shipmentId]);
    await act(factum, shipmentId, 'promise', sam);
    await act(factum, shipmentId, 'execute', sam);
    await act(factum, shipmentId, 'declare', sam);

    expect((await factum.queries.transaction(orderId))?.status).toBe('declared');
    expect(await stock(factum, 'MUG-001')).toMatchObject({
      onHand: 38,
      reserved: 0,
      available: 38,
    });
    await act(factum, orderId, 'accept', alice);

    const tree = await factum.queries.tree(orderId);
    expect(tree.map((row) => [row.id, row.status])).toEqual([
      [orderId, 'accepted'],
      [paymentId, 'accepted'],
      [shipmentId, 'accepted'],
    ]);
    const inForce = await factum.queries.factsInForce({ kind: 'TK01' });
    expect(inForce.items).toEqual([
      expect.objectContaining({ transactionId: orderId, product: '[order] is completed' }),
    ]);
    const audit = await factum.queries.audit(orderId);
    expect(audit.items.map((row) => row.type)).toContain('ShipmentAccepted');
    expect(audit.items.at(-1)).toMatchObject({
      type: 'OrderAccepted',
      performer: { actor: 'alice' },
    });
    const dashboard = await factum.queries.view('customer-orders', {
      owner: 'alice',
      partition: 'order',
    });
    expect(dashboard.items).toEqual([
      expect.objectContaining({
        orderId,
        status: 'accepted',
        payment: { id: paymentId, status: 'accepted' },
        shipment: { id: shipmentId, status: 'accepted' },
        total: 3390,
      }),
    ]);
    expect((await factum.queries.view('pending-orders')).items).toEqual([]);
    await factum.stop();
  });

  it('leaves a rejected order to the fulfilment team, who may stop it', async () => {
    const { factum } = await startShop();
    const orderId = await order(factum, [{ sku: 'BEA-060', qty: 2 }]);
    for (const name of ['promise', 'execute', 'declare']) await act(factum, `${orderId}.TK02`, name, alice);
    for (const name of ['promise', 'execute', 'declare']) await act(factum, `${orderId}.TK03`, name, sam);
    expect((await factum.queries.transaction(orderId))?.status).toBe('declared');
    await act(factum, orderId, 'reject', alice, { justification: 'the beans arrived damaged' });
    const agenda = await factum.queries.agenda('A01');
    expect(agenda.items).toEqual([
      expect.objectContaining({
        transactionId: orderId,
        status: 'rejected',
        acts: [{ act: 'declare' }, { act: 'execute' }, { act: 'stop' }],
      }),
    ]);
    const fran = { actor: 'fran', role: 'A01' };
    await act(factum, orderId, 'stop', fran, { justification: 'refunded instead' });
    expect((await factum.queries.transaction(orderId))?.status).toBe('stopped');
    expect((await factum.queries.agenda('A01')).items).toEqual([]);
    expect((await factum.queries.factsInForce({ kind: 'TK01' })).items).toEqual([]);
    const audit = await factum.queries.audit(orderId);
    expect(audit.items.slice(-2).map((row) => [row.type, row.justification])).toEqual([
      ['OrderRejected', 'the beans arrived damaged'],
      ['OrderStopped', 'refunded instead'],
    ]);
    await factum.stop();
  });

  it('declines an order it cannot fill, naming the missing items, and reserves nothing', async () => {
    const { factum } = await startShop();
    const orderId = await order(factum, [
      { sku: 'LTD-070', qty: 3 },
      { sku: 'NOPE-1', qty: 1 },
    ]);
    const row = await factum.queries.transaction(orderId);
    expect(row?.status).toBe('declined');
    const audit = await factum.queries.audit(orderId);
    expect(audit.items.at(-1)?.justification).toBe(
      'Not in stock: LTD-070 (3 ordered, 2 in stock), NOPE-1 (not sold here)',
    );
    expect(await stock(factum, 'LTD-070')).toMatchObject({ reserved: 0, available: 2 });
    await factum.stop();
  });

  it('allows a revocation before shipment: cascades to the payment and releases the stock', async () => {
    const { factum } = await startShop();
    const orderId = await order(factum, [{ sku: 'POT-020', qty: 3 }]);
    expect(await stock(factum, 'POT-020')).toMatchObject({ reserved: 3, available: 5 });
    await act(factum, orderId, 'revoke', alice, {
      revokes: 'request',
      justification: 'changed my mind',
    });
    expect((await factum.queries.transaction(orderId))?.status).toBe('revoked');
    expect(await stock(factum, 'POT-020')).toMatchObject({ reserved: 0, available: 8 });
    const payment = await factum.queries.transaction(`${orderId}.TK02`);
    expect(payment).toMatchObject({
      status: 'requested',
      pendingRevocation: { revokes: 'request', by: 'initiator' },
    });
    await factum.stop();
  });

  it('refuses a revocation after shipment, with the reason', async () => {
    const { factum } = await startShop();
    const orderId = await order(factum, [{ sku: 'KET-030', qty: 1 }]);
    const paymentId = `${orderId}.TK02`;
    for (const name of ['promise', 'execute', 'declare']) await act(factum, paymentId, name, alice);
    const shipmentId = `${orderId}.TK03`;
    for (const name of ['promise', 'execute']) await act(factum, shipmentId, name, sam);
    await act(factum, orderId, 'revoke', alice, { revokes: 'request' });
    const row = await factum.queries.transaction(orderId);
    expect(row).toMatchObject({ status: 'promised', pendingRevocation: null });
    const audit = await factum.queries.audit(orderId);
    expect(audit.items.at(-1)).toMatchObject({
      type: 'OrderRevocationRefused',
      justification: 'The order has already been shipped.',
    });
    await factum.stop();
  });

  it('never promises more than is in stock under concurrent orders for the last items', async () => {
    const { factum } = await startShop();
    const customers = ['c1', 'c2', 'c3', 'c4', 'c5'].map((actor) => ({ actor, role: 'CA01' }));
    const results = await Promise.all(
      customers.map((customer) =>
        factum.perform({
          kind: 'TK01',
          act: 'request',
          performer: customer,
          payload: { lines: [{ sku: 'LTD-070', qty: 1 }], shippingAddress: address },
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    await factum.settle();
    const orders = (await factum.queries.transactions({ kind: 'TK01' })).items;
    expect(orders.filter((o) => o.status === 'promised')).toHaveLength(2);
    expect(orders.filter((o) => o.status === 'declined')).toHaveLength(3);
    expect(await stock(factum, 'LTD-070')).toMatchObject({ onHand: 2, reserved: 2, available: 0 });
    await factum.stop();
  });

  it('leaves a large order on the fulfilment agenda and declines it when its deadline passes', async () => {
    const { factum, clock } = await startShop();
    const orderId = await order(factum, [
      { sku: 'GRN-050', qty: 5 },
      { sku: 'POT-020', qty: 8 },
    ]);
    expect((await factum.queries.transaction(orderId))?.status).toBe('requested');
    const agenda = await factum.queries.agenda('A01');
    expect(agenda.items).toEqual([
      expect.objectContaining({
        transactionId: orderId,
        acts: [{ act: 'promise' }, { act: 'decline' }],
      }),
    ]);
    clock.now += 31 * 60 * 1000;
    await factum.agent?.fireDueTimers();
    await factum.settle();
    expect((await factum.queries.transaction(orderId))?.status).toBe('declined');
    await factum.agent?.fireDueTimers();
    const audit = await factum.queries.audit(orderId);
    expect(audit.items.filter((row) => row.type === 'OrderDeclined')).toHaveLength(1);
    await factum.stop();
  });

  it('rebuilds every view from the log to exactly the rows the live views had', async () => {
    const { factum } = await startShop();
    const first = await order(factum, [{ sku: 'MUG-001', qty: 1 }]);
    await order(factum, [{ sku: 'LTD-070', qty: 9 }]);
    await act(factum, `${first}.TK02`, 'promise', alice);
    await act(factum, first, 'revoke', alice, { revokes: 'request' });
    const snapshot = async (): Promise<unknown> => {
      const names = [
        'transactions',
        'agenda',
        'audit',
        'facts-in-force',
        'ledgers',
        'customer-orders',
        'pending-orders',
      ];
      return Promise.all(names.map(async (name) => (await factum.views.query(name)).rows));
    };
    const live = await snapshot();
    for (const runner of factum.projections) await runner.rebuild();
    await factum.settle();
    expect(await snapshot()).toEqual(live);
    await factum.stop();
  });
});
