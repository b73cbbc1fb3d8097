/**
 * The outbox relay against a real nats-server with JetStream (one of the test's own, on a free
 * port): facts appear on their subjects as valid CloudEvents, a server stopped and restarted under
 * load loses nothing and stores nothing twice, and two processes sharing a store publish each fact
 * once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CloudEvent } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFactum, type Factum } from '../../engine/factum.ts';
import type { EventStore } from '../../engine/ports/event-store.ts';
import type { ViewStore } from '../../engine/ports/view-store.ts';
import { OutboxRelay } from '../../engine/outbox/outbox-relay.ts';
import { alice, saleKind, saleRoles } from '../../engine/sale-model.test-support.ts';
import { defineModel } from '../../model/index.ts';
import { memoryEventStore } from '../../stores/memory/index.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { sqliteEventStore } from '../../stores/sqlite/index.ts';
import { sqliteLeases } from '../../stores/sqlite/sqlite-leases.ts';
import { sqliteViewStore } from '../../stores/sqlite/sqlite-view-store.ts';
import { factMessage } from '../cloudevents/fact-cloudevent.ts';
import { JetStreamPublisher } from './jetstream-publisher.ts';
import { runNatsTests, startNatsServer, type TestNatsServer } from './nats-server.test-support.ts';

const model = defineModel({
  name: 'relaytest',
  actorRoles: saleRoles,
  transactionKinds: { TK01: saleKind },
});

let nats: TestNatsServer;
let client: NatsConnection;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (!runNatsTests) return;
  nats = await startNatsServer();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await client?.close();
  await nats?.dispose();
});

let streams = 0;

function relayed(
  store: EventStore = memoryEventStore(),
  views: ViewStore = memoryViewStore(),
  stream?: string,
) {
  const name = stream ?? `FACTS${(streams += 1)}`;
  const prefix = name.toLowerCase();
  const publisher = new JetStreamPublisher({ url: nats.url, stream: name, subjectPrefix: prefix });
  const relay = new OutboxRelay(store, views, publisher, {
    toMessage: factMessage(model.name, prefix),
    batchSize: 16,
  });
  cleanups.push(() => publisher.close());
  return { store, views, relay, stream: name, prefix };
}

async function request(factum: Factum, n: number): Promise<void> {
  const result = await factum.perform({
    kind: 'TK01',
    act: 'request',
    performer: alice,
    payload: {},
    transactionId: `t${n}`,
    actId: `t${n}-request`,
  });
  if (!result.ok) throw new Error(result.error.message);
}

async function storedMessages(stream: string): Promise<{ subject: string; id: string }[]> {
  client ??= await connect({ servers: nats.url });
  const js = jetstream(client);
  const info = await (await jetstreamManager(client)).streams.info(stream);
  const consumer = await js.consumers.get(stream);
  const out: { subject: string; id: string }[] = [];
  if (info.state.messages === 0) return out;
  const messages = await consumer.fetch({ max_messages: info.state.messages, expires: 5000 });
  for await (const message of messages) {
    out.push({ subject: message.subject, id: message.headers?.get('Nats-Msg-Id') ?? '' });
    if (out.length === info.state.messages) break;
  }
  return out;
}

describe.runIf(runNatsTests)('outbox relay to NATS JetStream', () => {
  it('publishes a fact on its subject as a valid CloudEvent', async () => {
    const { store, views, relay, stream, prefix } = relayed();
    const factum = createFactum({ model, store, views, agents: false, outbox: relay });
    await factum.start();
    cleanups.push(() => factum.stop());
    await request(factum, 1);
    await relay.caughtUp();

    client ??= await connect({ servers: nats.url });
    const consumer = await jetstream(client).consumers.get(stream);
    const message = await consumer.next({ expires: 5000 });
    expect(message?.subject).toBe(`${prefix}.relaytest.TK01.requested`);
    expect(message?.headers?.get('Nats-Msg-Id')).toBe('t1-request');
    const event = new CloudEvent(message?.json<Record<string, unknown>>() ?? {});
    expect(event.validate()).toBe(true);
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'relaytest.SaleRequested',
      id: 't1-request',
      subject: 't1',
      source: 'urn:factum:model:relaytest',
      correlationid: 't1',
    });
    const [fact] = await store.readStream('t1');
    expect(event.time).toBe(new Date((fact?.metadata as { time: string }).time).toISOString());
    expect(event.data).toMatchObject({ kind: 'TK01', fact: 'requested', transactionId: 't1' });
  });

  it('loses nothing and stores nothing twice when NATS stops and restarts under load', async () => {
    const { store, views, relay, stream } = relayed();
    const factum = createFactum({ model, store, views, agents: false, outbox: relay });
    await factum.start();
    cleanups.push(() => factum.stop());
    const total = 120;
    for (let n = 0; n < 40; n += 1) await request(factum, n);
    await nats.stop();
    for (let n = 40; n < 80; n += 1) await request(factum, n);
    const down = await relay.status();
    expect(down.lag).toBeGreaterThan(0n);
    await nats.start();
    for (let n = 80; n < total; n += 1) await request(factum, n);
    await relay.caughtUp();
    expect((await relay.status()).lag).toBe(0n);

    const messages = await storedMessages(stream);
    const ids = messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toHaveLength(total);
  }, 60_000);

  it('publishes each fact once from two processes sharing a store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'factum-relay-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'factum.db');
    const stream = 'SHARED';
    const processes = ['one', 'two'].map((holder) => {
      const store = sqliteEventStore({ path });
      const views = sqliteViewStore(store);
      const { relay } = relayed(store, views, stream);
      const factum = createFactum({
        model,
        store,
        views,
        agents: false,
        outbox: relay,
        leases: sqliteLeases(store.database, { holder }),
        leaseIntervalMs: 100,
      });
      cleanups.push(async () => {
        await factum.stop();
        await views.close();
        await store.close();
      });
      return { factum, relay };
    });
    for (const { factum } of processes) await factum.start();
    const [first, second] = processes;
    if (first === undefined || second === undefined) throw new Error('two processes');
    expect(first.factum.running()).toContain('outbox:nats');
    expect(second.factum.running()).not.toContain('outbox:nats');
    const total = 60;
    for (let n = 0; n < total / 2; n += 1) await request(first.factum, n);
    await first.relay.caughtUp();
    // The first process leaves (its leases given up): the second takes the relay over.
    await first.factum.stop();
    await vi.waitFor(() => expect(second.factum.running()).toContain('outbox:nats'), {
      timeout: 5000,
      interval: 50,
    });
    for (let n = total / 2; n < total; n += 1) await request(second.factum, n);
    await second.relay.caughtUp();

    const ids = (await storedMessages(stream)).map((m) => m.id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  }, 60_000);
});
