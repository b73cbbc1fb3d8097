/**
 * The inbox against a real nats-server with JetStream (one of the test's own): a payment provider's
 * `payment.captured` CloudEvents, structured or binary, become the customer's acts on the shop's
 * payment; a repeat performs nothing; an event that cannot be received is parked with its reason and
 * received later by a retry; a message that is no CloudEvent is parked too.
 */
import { jetstream } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopModel } from '../../../examples/shop/model.ts';
import { seedStock } from '../../../examples/shop/seed.ts';
import { createFactum, type Factum } from '../../engine/factum.ts';
import type { InboundEvent, InboundOutcome } from '../../engine/inbound/receive-inbound.ts';
import { memoryEventStore } from '../../stores/memory/index.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { parkedInbound, retryParkedInbound, startNatsInbox, type NatsInbox } from './nats-inbox.ts';
import { runNatsTests, startNatsServer, type TestNatsServer } from './nats-server.test-support.ts';

const address = { name: 'A', street: 'S 1', city: 'C', postcode: 'P', country: 'NL' };

let nats: TestNatsServer;
let client: NatsConnection;
let factum: Factum;
let inbox: NatsInbox;
const store = memoryEventStore();
const views = memoryViewStore();
const received: { event: InboundEvent | undefined; outcome: string }[] = [];
const waiters: (() => void)[] = [];
const errors: unknown[] = [];

/** Resolves once the inbox has taken `count` messages in all. */
function receivedCount(count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (received.length >= count) resolve();
      else waiters.push(check);
    };
    check();
  });
}

beforeAll(async () => {
  if (!runNatsTests) return;
  nats = await startNatsServer();
  client = await connect({ servers: nats.url });
  factum = createFactum({ model: shopModel, store, views });
  await seedStock(factum);
  await factum.start();
  inbox = startNatsInbox(factum.engine, views, {
    url: nats.url,
    onError: (error) => errors.push(error),
    onReceived: (event, outcome: InboundOutcome | { outcome: 'parked' }) => {
      received.push({ event, outcome: outcome.outcome });
      for (const waiter of waiters.splice(0)) waiter();
    },
  });
  await inbox.ready;
});

afterAll(async () => {
  expect(errors).toEqual([]);
  await inbox?.close();
  await factum?.stop();
  await client?.close();
  await nats?.dispose();
});

async function order(transactionId?: string): Promise<string> {
  const ordered = await factum.perform({
    kind: 'TK01',
    act: 'request',
    performer: { actor: 'alice', role: 'CA01' },
    ...(transactionId === undefined ? {} : { transactionId }),
    payload: { lines: [{ sku: 'MUG-001', qty: 1 }], shippingAddress: address },
  });
  if (!ordered.ok) throw new Error(ordered.error.message);
  await factum.settle();
  return `${ordered.value.transactionId}.TK02`;
}

function captured(id: string, payment: string): Record<string, unknown> {
  return {
    specversion: '1.0',
    id,
    type: 'payment.captured',
    source: 'urn:test:payment-provider',
    datacontenttype: 'application/json',
    data: { payment, amount: 1250, currency: 'EUR' },
  };
}

async function publish(body: unknown, messageHeaders?: Record<string, string>): Promise<void> {
  const h = headers();
  for (const [name, value] of Object.entries(messageHeaders ?? {})) h.set(name, value);
  await jetstream(client).publish(
    'inbound.shop.payment.captured',
    typeof body === 'string' ? body : JSON.stringify(body),
    { headers: h },
  );
}

async function status(id: string): Promise<string | undefined> {
  await factum.settle();
  return (await factum.engine.reader.transaction(id))?.status;
}

async function factCount(): Promise<number> {
  let count = 0;
  for await (const event of store.readAll()) if (event.type !== '') count += 1;
  return count;
}

describe.runIf(runNatsTests)('the NATS inbox', () => {
  it('turns a structured CloudEvent into the customer’s acts, and a repeat into nothing', async () => {
    const payment = await order();
    await publish(captured('pay-1', payment), { 'content-type': 'application/cloudevents+json' });
    await receivedCount(1);
    expect(received.at(-1)?.outcome).toBe('performed');
    // The customer promised, paid and confirmed; the shop's rule accepted the payment.
    expect(await status(payment)).toBe('accepted');
    const payer = (await factum.engine.reader.transaction(payment))?.executor?.actor;
    expect(payer).toBe('alice');

    const before = await factCount();
    await publish(captured('pay-1', payment));
    await receivedCount(2);
    expect(received.at(-1)?.outcome).toBe('performed');
    await factum.settle();
    expect(await factCount()).toBe(before);
  });

  it('takes a binary-mode CloudEvent (ce- headers) as well', async () => {
    const payment = await order();
    const count = received.length;
    await publish(
      { payment, amount: 1250, currency: 'EUR' },
      {
        'ce-specversion': '1.0',
        'ce-id': 'pay-binary',
        'ce-type': 'payment.captured',
        'ce-source': 'urn:test:payment-provider',
        'content-type': 'application/json',
      },
    );
    await receivedCount(count + 1);
    expect(await status(payment)).toBe('accepted');
  });

  it('parks an event it cannot receive, with why, and a retry receives it once it can', async () => {
    const count = received.length;
    await publish(captured('pay-early', 'late-order.TK02'));
    await receivedCount(count + 1);
    const parked = await parkedInbound(views);
    expect(parked).toEqual([
      expect.objectContaining({
        id: 'pay-early',
        type: 'payment.captured',
        mapping: 'payment-captured',
        act: 'promise late-order.TK02',
        code: 'UnknownTransaction',
      }),
    ]);
    expect(parked[0]?.reason).toMatch(/late-order\.TK02/);

    // Retried too early it stays parked; once the order and its payment exist, it is received.
    expect((await retryParkedInbound(factum.engine, views, 'pay-early')).outcome).toBe('refused');
    expect((await parkedInbound(views)).map((p) => p.id)).toEqual(['pay-early']);
    const payment = await order('late-order');
    expect(payment).toBe('late-order.TK02');
    expect((await retryParkedInbound(factum.engine, views, 'pay-early')).outcome).toBe('performed');
    expect(await parkedInbound(views)).toEqual([]);
    expect(await status(payment)).toBe('accepted');
  });

  it('parks a message that is no CloudEvent, naming what is wrong', async () => {
    const count = received.length;
    await publish({ hello: 'world' });
    await publish('not json at all');
    await receivedCount(count + 2);
    const parked = (await parkedInbound(views)).filter((p) => p.code === 'NotACloudEvent');
    expect(parked).toHaveLength(2);
    expect(parked.map((p) => p.reason).join('\n')).toMatch(/not JSON/);
    expect(parked.every((p) => p.event === null)).toBe(true);
    await expect(retryParkedInbound(factum.engine, views, parked[0]?.id ?? '')).rejects.toThrow(
      /not a CloudEvent/,
    );
    // Tidy up for the next test's view of the parked list.
    for (const p of parked)
      await views.commit([
        { projection: 'inbound', changes: [{ view: 'inbound-parked', key: p.id, row: null }] },
      ]);
  });
});
