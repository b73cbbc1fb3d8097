import type { ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
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
});
