import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../ports/event-store.ts';
import { batchesAhead } from './batches-ahead.ts';

function event(n: number): RecordedEvent {
  return {
    id: `e-${n}`,
    streamId: 's',
    version: n,
    type: 'Happened',
    data: {},
    metadata: {},
    position: BigInt(n),
    checkpoint: String(n),
    recordedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A log of `count` events that records how far it has been read and whether it was closed. */
function log(count: number, failAt?: number) {
  const seen = { read: 0, closed: false };
  async function* events(): AsyncGenerator<RecordedEvent> {
    try {
      for (let n = 1; n <= count; n += 1) {
        await Promise.resolve();
        if (n === failAt) throw new Error(`cannot read ${n}`);
        seen.read = n;
        yield event(n);
      }
    } finally {
      seen.closed = true;
    }
  }
  return { seen, events: events() };
}

describe('batchesAhead', () => {
  it('cuts the log into batches in order, reading the next while the caller works', async () => {
    const { seen, events } = log(7);
    const batches: number[][] = [];
    const readWhileWorking: number[] = [];
    for await (const batch of batchesAhead(events, 3)) {
      batches.push(batch.map((e) => e.version));
      // The caller works on this batch (as a commit would): the next one is read meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5));
      readWhileWorking.push(seen.read);
    }
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(readWhileWorking).toEqual([6, 7, 7]);
    expect(seen.closed).toBe(true);
  });

  it('yields nothing for an empty log', async () => {
    const { events } = log(0);
    const batches: unknown[] = [];
    for await (const batch of batchesAhead(events, 3)) batches.push(batch);
    expect(batches).toEqual([]);
  });

  it('reports a read that failed ahead when the caller asks for that batch', async () => {
    const { events } = log(7, 5);
    const batches: number[][] = [];
    await expect(
      (async () => {
        for await (const batch of batchesAhead(events, 3)) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          batches.push(batch.map((e) => e.version));
        }
      })(),
    ).rejects.toThrow('cannot read 5');
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('closes the log when the caller stops early, after the read in flight', async () => {
    const { seen, events } = log(100);
    for await (const batch of batchesAhead(events, 3)) {
      expect(batch).toHaveLength(3);
      break;
    }
    expect(seen.closed).toBe(true);
    expect(seen.read).toBe(6);
  });
});
