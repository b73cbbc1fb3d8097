import type { ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { createEngine } from '../engine/engine.ts';
import type { EventStore } from '../engine/ports/event-store.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { ownerResolver } from './owners.ts';
import { LiveHub } from './sse-hub.ts';

const fran = { actor: 'fran', roles: ['A01'], restricted: false };

async function appendLedgerEvents(
  store: ReturnType<typeof memoryEventStore>,
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await store.append({
      streamId: 'ledger:stock:MUG-001',
      expectedVersion: 'any',
      events: [
        {
          id: `r${i}`,
          type: 'StockReceived',
          data: { ledger: 'stock', key: 'MUG-001', movement: 'Received', amount: 1 },
        },
      ],
    });
  }
}

/** A client that reads everything, and a promise of the moment it has read `count` frames of `event`. */
function readingClient(): {
  readonly stream: PassThrough;
  readonly received: () => string;
  readonly framesOf: (event: string, count: number) => Promise<void>;
} {
  const stream = new PassThrough();
  let text = '';
  const counted = (event: string): number => text.split(`event: ${event}`).length - 1;
  const waiting: { event: string; count: number; resolve: () => void }[] = [];
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const wait of waiting.filter((w) => counted(w.event) >= w.count)) {
      waiting.splice(waiting.indexOf(wait), 1);
      wait.resolve();
    }
  });
  return {
    stream,
    received: () => text,
    framesOf: (event, count) =>
      counted(event) >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ event, count, resolve })),
  };
}

describe('the live hub', () => {
  it.each([
    ['frames', { maxQueue: 5 }],
    ['bytes', { maxQueue: 1000, maxQueueBytes: 1000 }],
  ] as const)(
    'drops a client that stops reading once its queue is full in %s, and keeps serving the others',
    async (_, limits) => {
      const store = memoryEventStore();
      const hub = new LiveHub(store, ownerResolver(store), limits);
      await hub.start();
      // A socket nobody reads: its buffer fills at once and it never drains.
      const stalled = new PassThrough({ highWaterMark: 1 });
      const reading = readingClient();
      hub.attach(stalled as unknown as ServerResponse, { caller: fran });
      hub.attach(reading.stream as unknown as ServerResponse, { caller: fran });
      expect(hub.size).toBe(2);
      await appendLedgerEvents(store, 20);
      await reading.framesOf('ledger', 20);
      expect(reading.received().split('event: ledger').length - 1).toBe(20);
      expect(stalled.writableEnded).toBe(true);
      expect(hub.size).toBe(1);
      await hub.close();
      expect(reading.stream.writableEnded).toBe(true);
    },
  );

  it('keeps a client whose queue stays under its bounds', async () => {
    const store = memoryEventStore();
    // Twenty frames of about 200 bytes each fit in 100 kB: the slow client is kept.
    const hub = new LiveHub(store, ownerResolver(store), {
      maxQueue: 1000,
      maxQueueBytes: 100_000,
    });
    await hub.start();
    const stalled = new PassThrough({ highWaterMark: 1 });
    const reading = readingClient();
    hub.attach(stalled as unknown as ServerResponse, { caller: fran });
    hub.attach(reading.stream as unknown as ServerResponse, { caller: fran });
    await appendLedgerEvents(store, 20);
    await reading.framesOf('ledger', 20);
    expect(stalled.writableEnded).toBe(false);
    expect(hub.size).toBe(2);
    await hub.close();
  });

  it('refuses a checkpoint that is not one of the store’s', async () => {
    const store = memoryEventStore();
    const hub = new LiveHub(store, ownerResolver(store));
    await expect(hub.checkCheckpoint('x')).rejects.toThrow(/not a checkpoint/);
    await expect(hub.checkCheckpoint('0')).resolves.toBeUndefined();
  });

  it('frames nothing and looks up no owner while no client listens', async () => {
    const store = memoryEventStore();
    const engine = createEngine({ model: shopModel, store });
    const order = (): Promise<unknown> =>
      engine.perform({
        kind: 'TK01',
        act: 'request',
        performer: { actor: 'alice', role: 'CA01' },
        payload: shopModel.transactionKinds.TK01.example,
      });
    // The hub's own view of the store, counting the streams it reads and the events it has handled.
    const reads: string[] = [];
    let handled = 0;
    const handledWaits: { count: number; resolve: () => void }[] = [];
    const hasHandled = (count: number): Promise<void> =>
      handled >= count
        ? Promise.resolve()
        : new Promise((resolve) => handledWaits.push({ count, resolve }));
    const watched: EventStore = {
      append: (parts, options) => store.append(parts, options),
      readStream: (streamId, options) => {
        reads.push(streamId);
        return store.readStream(streamId, options);
      },
      stream: (streamId) => store.stream(streamId),
      readAll: (options) => store.readAll(options),
      subscribe: (options) =>
        store.subscribe({
          ...options,
          handler: async (events) => {
            await options.handler(events);
            handled += events.length;
            for (const wait of handledWaits.filter((w) => handled >= w.count)) wait.resolve();
          },
        }),
      head: () => store.head(),
      close: () => store.close(),
    };
    const hub = new LiveHub(watched, ownerResolver(watched));
    await hub.start();
    await order();
    await order();
    const client = readingClient();
    // Attached once the hub has handled the first two orders (each one fact): it hears of the third only.
    await hasHandled(2);
    hub.attach(client.stream as unknown as ServerResponse, { caller: fran });
    await order();
    await client.framesOf('fact', 1);
    await hasHandled(3);
    expect(client.received().split('event: fact').length - 1).toBe(1);
    // The third order's request names its owner itself; the first two were never looked at.
    expect(reads).toEqual([]);
    await hub.close();
  });
});
