import { describe, expect, it } from 'vitest';
import { forwardingStore } from '../engine/forwarding-store.test-support.ts';
import { StoreUnavailableError } from '../engine/ports/store-errors.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { address, placeOrder, serverPerTest, type TestServer } from './e2e-harness.test-support.ts';

const start = serverPerTest();

const problemType = 'application/problem+json; charset=utf-8';

/** The order most tests place: two mugs. */
const twoMugs = [{ sku: 'MUG-001', qty: 2 }];

/** The problem a refusal is expected to answer: its status and code, and any members it must carry. */
type Refusal = { readonly status: number; readonly code: string } & Record<string, unknown>;

/** Sends a request and expects a refusal: the status, problem+json with its members, nothing appended. */
async function expectRefusal(
  s: TestServer,
  [method, path, options]: Parameters<TestServer['call']>,
  refusal: Refusal,
): Promise<Record<string, unknown>> {
  const before = await s.logSize();
  const response = await s.call(method, path, options);
  expect(response.status).toBe(refusal.status);
  expect(response.headers.get('content-type')).toBe(problemType);
  expect(response.body).toMatchObject(refusal);
  expect(response.body.type).toMatch(/^urn:factum:problem:/);
  await s.factum.settle();
  expect(await s.logSize()).toBe(before);
  return response.body;
}

describe('acts over HTTP', () => {
  it('takes a whole order through the API: alice orders and pays, sam ships, alice accepts', async () => {
    const s = await start();
    const { alice, sam } = await s.tokens({ alice: ['CA01'], sam: ['A02'] });
    const created = await s.call('POST', '/api/transactions', {
      token: alice,
      body: {
        kind: 'TK01',
        payload: {
          lines: [
            { sku: 'MUG-001', qty: 2 },
            { sku: 'TEA-010', qty: 1 },
          ],
          shippingAddress: address,
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'TK01',
      status: 'requested',
      version: 1,
      duplicate: false,
    });
    expect(created.body.facts).toEqual([
      expect.objectContaining({
        type: 'OrderRequested',
        performer: { actor: 'alice', role: 'CA01', party: 'initiator' },
      }),
    ]);
    const orderId = created.body.transactionId as string;
    expect(created.headers.get('location')).toBe(`/api/transactions/${orderId}`);
    expect(created.headers.get('etag')).toBe('"1"');
    await s.factum.settle();

    // The rules promised the order and requested payment from alice.
    const order = await s.call('GET', `/api/transactions/${orderId}`, { token: alice });
    expect(order.body.transaction).toMatchObject({ status: 'promised' });
    const paymentId = `${orderId}.TK02`;
    expect(order.body.children).toEqual([
      expect.objectContaining({ id: paymentId, status: 'requested' }),
    ]);
    const agenda = await s.call('GET', '/api/agenda/CA01', { token: alice });
    expect(agenda.body.items?.map((row) => row.transactionId)).toContain(paymentId);

    for (const act of ['promise', 'execute', 'declare']) {
      const done = await s.call('POST', `/api/transactions/${paymentId}/acts/${act}`, {
        token: alice,
        ...(act === 'execute' ? { body: { payload: { method: 'card' } } } : {}),
      });
      expect(done.status).toBe(200);
      await s.factum.settle();
    }
    const shipmentId = `${orderId}.TK03`;
    const shipperAgenda = await s.call('GET', '/api/agenda/A02', { token: sam });
    expect(shipperAgenda.body.items?.map((row) => row.transactionId)).toEqual([shipmentId]);
    for (const act of ['promise', 'execute', 'state']) {
      const done = await s.call('POST', `/api/transactions/${shipmentId}/acts/${act}`, {
        token: sam,
      });
      expect(done.status).toBe(200);
      await s.factum.settle();
    }
    const declared = await s.call('GET', `/api/transactions/${orderId}`, { token: alice });
    expect(declared.body.transaction).toMatchObject({ status: 'declared' });
    const accepted = await s.call('POST', `/api/transactions/${orderId}/acts/accept`, {
      token: alice,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      facts: [expect.objectContaining({ type: 'OrderAccepted' })],
    });
    await s.factum.settle();

    const audit = await s.call('GET', `/api/transactions/${orderId}/audit`, { token: alice });
    const types = audit.body.items?.map((row) => row.type);
    expect(types).toContain('ShipmentAccepted');
    expect(types?.at(-1)).toBe('OrderAccepted');
    const stock = await s.call('GET', '/api/ledgers/stock', { token: alice });
    expect(stock.body.items?.find((row) => row.key === 'MUG-001')).toMatchObject({
      onHand: 38,
      reserved: 0,
    });
    const dashboard = await s.call('GET', '/api/views/customer-orders?partition=order', {
      token: alice,
    });
    expect(dashboard.body.items).toEqual([
      expect.objectContaining({ orderId, status: 'accepted', total: 3390 }),
    ]);

    // As of the position of the order's first fact, it was only requested.
    const firstPosition = (declared.body.facts as { position: string }[])[0]?.position ?? '';
    const past = await s.call('GET', `/api/transactions/${orderId}?asOf=${firstPosition}`, {
      token: alice,
    });
    expect(past.body.transaction).toMatchObject({ status: 'requested', version: 1 });
    expect(past.body.facts).toHaveLength(1);
    expect(past.body.children).toEqual([]);
    const pastView = await s.call('GET', `/api/views/transactions?asOf=${firstPosition}`, {
      token: await s.token('fran', ['A01']),
    });
    expect(pastView.body.items?.map((row) => [row.id, row.status])).toEqual([
      [orderId, 'requested'],
    ]);

    // As of the payment's first fact, the order has its payment child, just requested.
    const paymentFacts = await s.call('GET', `/api/transactions/${orderId}.TK02`, { token: alice });
    const paymentRequested = (paymentFacts.body.facts as { position: string }[])[0]?.position ?? '';
    const atPayment = await s.call('GET', `/api/transactions/${orderId}?asOf=${paymentRequested}`, {
      token: alice,
    });
    expect(atPayment.body.transaction).toMatchObject({ status: 'promised' });
    expect(atPayment.body.children).toEqual([
      expect.objectContaining({ id: `${orderId}.TK02`, status: 'requested' }),
    ]);
  });

  it.each<{
    what: string;
    path?: string;
    request: { body?: unknown; headers?: Record<string, string> };
    refusal: Refusal;
  }>([
    {
      what: 'broken JSON',
      request: { body: '{"kind": "TK01",' },
      refusal: { status: 400, code: 'MalformedJson' },
    },
    {
      what: 'an unknown property',
      request: { body: { kind: 'TK01', payload: {}, sneaky: 1 } },
      refusal: {
        status: 400,
        code: 'InvalidRequest',
        issues: [expect.objectContaining({ message: "unknown property 'sneaky'" })],
      },
    },
    {
      what: 'an unknown kind',
      request: { body: { kind: 'TK99', payload: {} } },
      refusal: { status: 400, code: 'InvalidRequest' },
    },
    {
      what: 'a payload its schema refuses',
      request: {
        body: {
          kind: 'TK01',
          payload: { lines: [{ sku: 'MUG-001', qty: 0 }], shippingAddress: address },
        },
      },
      refusal: {
        status: 400,
        code: 'InvalidPayload',
        issues: [expect.objectContaining({ path: 'lines.0.qty' })],
      },
    },
    {
      what: 'a request without its payload',
      request: { body: { kind: 'TK01' } },
      refusal: { status: 400, code: 'InvalidPayload' },
    },
    {
      what: 'an unknown act',
      path: '/api/transactions/x-1/acts/dance',
      request: {},
      refusal: { status: 400, code: 'InvalidRequest' },
    },
    {
      what: 'a body that is not JSON',
      request: {
        body: 'kind=TK01',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      refusal: { status: 415, code: 'UnsupportedMediaType' },
    },
  ])(
    'refuses a malformed request ($what) with its problem and appends nothing',
    async ({ path = '/api/transactions', request, refusal }) => {
      const s = await start();
      const alice = await s.token('alice', ['CA01']);
      await expectRefusal(s, ['POST', path, { token: alice, ...request }], refusal);
    },
  );

  it('answers 403 for a role the token lacks or the act does not allow, 404 for an unknown transaction', async () => {
    const s = await start();
    const { alice, sam } = await s.tokens({ alice: ['CA01'], sam: ['A02'] });
    const wrong = await expectRefusal(
      s,
      [
        'POST',
        '/api/transactions',
        {
          token: sam,
          body: {
            kind: 'TK01',
            payload: { lines: [{ sku: 'MUG-001', qty: 1 }], shippingAddress: address },
          },
        },
      ],
      { status: 403, code: 'WrongRole' },
    );
    expect(wrong.expected).toEqual(['CA01']);
    await expectRefusal(
      s,
      [
        'POST',
        '/api/transactions',
        {
          token: alice,
          body: { kind: 'TK01', role: 'A01', payload: {} },
        },
      ],
      { status: 403, code: 'RoleNotGranted' },
    );
    const orderId = await placeOrder(s, alice, twoMugs);
    await expectRefusal(s, ['POST', `/api/transactions/${orderId}/acts/promise`, { token: sam }], {
      status: 403,
      code: 'WrongRole',
    });
    await expectRefusal(
      s,
      ['POST', '/api/transactions/order-nope/acts/promise', { token: alice }],
      { status: 404, code: 'UnknownTransaction' },
    );
    await expectRefusal(s, ['GET', '/api/transactions/order-nope', { token: alice }], {
      status: 404,
      code: 'UnknownTransaction',
    });
  });

  it('answers 409 with the allowed acts when the act is not allowed now', async () => {
    const s = await start();
    const alice = await s.token('alice', ['CA01']);
    const orderId = await placeOrder(s, alice, twoMugs);
    const refused = await expectRefusal(
      s,
      ['POST', `/api/transactions/${orderId}/acts/accept`, { token: alice }],
      { status: 409, code: 'ActNotAllowed' },
    );
    expect(refused.transactionStatus).toBe('promised');
    expect(refused.allowed).toEqual(
      expect.arrayContaining([
        { act: 'execute', party: 'executor', role: 'A01' },
        { act: 'revoke', revokes: 'request', party: 'initiator', role: 'CA01' },
      ]),
    );
  });

  it('answers 412 for a stale If-Match and 409 for a stale expectedVersion', async () => {
    const s = await start();
    const alice = await s.token('alice', ['CA01']);
    const orderId = await placeOrder(s, alice, twoMugs);
    const current = await s.call('GET', `/api/transactions/${orderId}`, { token: alice });
    expect(current.headers.get('etag')).toBe('"2"');
    const stale = await expectRefusal(
      s,
      [
        'POST',
        `/api/transactions/${orderId}/acts/revoke`,
        {
          token: alice,
          body: { revokes: 'request' },
          headers: { 'if-match': '"1"' },
        },
      ],
      { status: 412, code: 'VersionConflict' },
    );
    expect(stale).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    await expectRefusal(
      s,
      [
        'POST',
        `/api/transactions/${orderId}/acts/revoke`,
        {
          token: alice,
          body: { revokes: 'request', expectedVersion: 1 },
        },
      ],
      { status: 409, code: 'VersionConflict' },
    );
    const fresh = await s.call('POST', `/api/transactions/${orderId}/acts/revoke`, {
      token: alice,
      body: { revokes: 'request', justification: 'changed my mind' },
      headers: { 'if-match': '"2"' },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.facts).toEqual([
      expect.objectContaining({ type: 'OrderRequestRevoked', justification: 'changed my mind' }),
    ]);
  });

  it('answers 413 for a body over the limit', async () => {
    const s = await start({ serverOptions: { bodyLimit: 64 * 1024 } });
    const alice = await s.token('alice', ['CA01']);
    const huge = JSON.stringify({
      kind: 'TK01',
      payload: { lines: [], note: 'x'.repeat(200_000) },
    });
    await expectRefusal(s, ['POST', '/api/transactions', { token: alice, body: huge }], {
      status: 413,
      code: 'BodyTooLarge',
    });
  });

  it('answers 422 for an act that waits for a fact and for a reservation the stock cannot meet', async () => {
    const s = await start();
    const { alice, fran } = await s.tokens({ alice: ['CA01'], fran: ['A01'] });
    const orderId = await placeOrder(s, alice, twoMugs);
    const waiting = await expectRefusal(
      s,
      ['POST', `/api/transactions/${orderId}/acts/execute`, { token: fran }],
      { status: 422, code: 'AwaitingFact' },
    );
    expect(waiting.awaiting).toMatchObject({
      kind: 'TK02',
      fact: 'accepted',
      transactionId: `${orderId}.TK02`,
    });

    // A large order is left to a person; there are only 5 grinders.
    const large = await placeOrder(s, alice, [{ sku: 'GRN-050', qty: 8 }]);
    const status = await s.call('GET', `/api/transactions/${large}`, { token: fran });
    expect(status.body.transaction).toMatchObject({ status: 'requested' });
    const refused = await expectRefusal(
      s,
      ['POST', `/api/transactions/${large}/acts/promise`, { token: fran }],
      { status: 422, code: 'RuleRefused' },
    );
    expect(refused).toMatchObject({
      rule: 'ledger:stock',
      details: { key: 'GRN-050', requested: 8, available: 5 },
    });
  });

  it('makes retries safe with an Idempotency-Key: the original outcome, nothing appended twice', async () => {
    const s = await start();
    const { alice, bob } = await s.tokens({ alice: ['CA01'], bob: ['CA01'] });
    const body = {
      kind: 'TK01',
      payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address },
    };
    const first = await s.call('POST', '/api/transactions', {
      token: alice,
      body,
      headers: { 'idempotency-key': 'order-2026-0001' },
    });
    expect(first.status).toBe(201);
    await s.factum.settle();
    const size = await s.logSize();
    const retry = await s.call('POST', '/api/transactions', {
      token: alice,
      body,
      headers: { 'idempotency-key': 'order-2026-0001' },
    });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({
      transactionId: first.body.transactionId,
      duplicate: true,
      facts: first.body.facts,
    });
    await s.factum.settle();
    expect(await s.logSize()).toBe(size);
    // The key is the caller's own: bob's identical key starts bob's own order.
    const other = await s.call('POST', '/api/transactions', {
      token: bob,
      body,
      headers: { 'idempotency-key': 'order-2026-0001' },
    });
    expect(other.status).toBe(201);
    expect(other.body.transactionId).not.toBe(first.body.transactionId);

    const paymentId = `${String(first.body.transactionId)}.TK02`;
    const promise = await s.call('POST', `/api/transactions/${paymentId}/acts/promise`, {
      token: alice,
      headers: { 'idempotency-key': 'pay-1' },
    });
    expect(promise.body).toMatchObject({ status: 'promised', duplicate: false });
    const again = await s.call('POST', `/api/transactions/${paymentId}/acts/promise`, {
      token: alice,
      headers: { 'idempotency-key': 'pay-1' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      status: 'promised',
      duplicate: true,
      facts: promise.body.facts,
    });
    await expectRefusal(
      s,
      [
        'POST',
        '/api/transactions',
        {
          token: alice,
          body,
          headers: { 'idempotency-key': "'; DROP TABLE events;--" },
        },
      ],
      { status: 400, code: 'InvalidRequest' },
    );
  });

  it('answers 503 with Retry-After while the store is down, and recovers', async () => {
    const inner = memoryEventStore();
    const outage = { down: false };
    const guard = <T>(work: () => T): T => {
      if (outage.down) throw new StoreUnavailableError('database unreachable');
      return work();
    };
    // The memory store behind a switch that makes it fail the way an unreachable database does.
    const store = forwardingStore(inner, {
      append: (parts, options) => guard(() => inner.append(parts, options)),
      readStream: (id, options) => guard(() => inner.readStream(id, options)),
      stream: (id) => guard(() => inner.stream(id)),
      head: () => guard(() => inner.head()),
    });
    const s = await start({ store });
    const alice = await s.token('alice', ['CA01']);
    const orderId = await placeOrder(s, alice, twoMugs);
    outage.down = true;
    const down = await s.call('POST', `/api/transactions/${orderId}/acts/revoke`, {
      token: alice,
      body: { revokes: 'request' },
    });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(down.body).toMatchObject({ code: 'StoreUnavailable' });
    expect(JSON.stringify(down.body)).not.toContain('unreachable');
    expect((await s.call('GET', '/api/health')).status).toBe(503);
    outage.down = false;
    const up = await s.call('POST', `/api/transactions/${orderId}/acts/revoke`, {
      token: alice,
      body: { revokes: 'request' },
    });
    expect(up.status).toBe(200);
  });
});
