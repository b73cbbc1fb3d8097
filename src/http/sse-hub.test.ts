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

describe('the live hub', () => {
  it('drops a client that stops reading once its queue is full, and keeps serving the others', async () => {
    const store = memoryEventStore();
    const hub = new LiveHub(store, ownerResolver(store), { maxQueue: 5 });
    await hub.start();
    // A socket nobody reads: its buffer fills at once and it never drains.
    const stalled = new PassThrough({ highWaterMark: 1 });
    const reading = new PassThrough();
    const received: string[] = [];
    reading.on('data', (chunk: Buffer) => received.push(chunk.toString()));
    hub.attach(stalled as unknown as ServerResponse, { caller: fran });
    hub.attach(reading as unknown as ServerResponse, { caller: fran });
    expect(hub.size).toBe(2);
    await appendLedgerEvents(store, 20);
    const deadline = Date.now() + 2000;
    while (received.join('').split('event: ledger').length - 1 < 20 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(received.join('').split('event: ledger').length - 1).toBe(20);
    expect(stalled.writableEnded).toBe(true);
    expect(hub.size).toBe(1);
    await hub.close();
    expect(reading.writableEnded).toBe(true);
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
    // The hub's own view of the store, counting the streams it reads.
    const reads: string[] = [];
    const watched: EventStore = {
      append: (parts, options) => store.append(parts, options),
      readStream: (streamId, options) => {
        reads.push(streamId);
        return store.readStream(streamId, options);
      },
      stream: (streamId) => store.stream(streamId),
      readAll: (options) => store.readAll(options),
      subscribe: (options) => store.subscribe(options),
      head: () => store.head(),
      close: () => store.close(),
    };
    const hub = new LiveHub(watched, ownerResolver(watched));
    await hub.start();
    await order();
    await order();
    const client = new PassThrough();
    const received: string[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk.toString()));
    // Attached after the hub has passed the first two orders: it hears of the third only.
    await new Promise((resolve) => setTimeout(resolve, 20));
    hub.attach(client as unknown as ServerResponse, { caller: fran });
    await order();
    const deadline = Date.now() + 2000;
    while (!received.join('').includes('event: fact') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(received.join('').split('event: fact').length - 1).toBe(1);
    // The third order's request names its owner itself; the first two were never looked at.
    expect(reads).toEqual([]);
    await hub.close();
  });
});
