/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Contract cases: subscriptions catch up from a checkpoint, then go live, without missing or
 * repeating an event at the switch, even while appends race with the catch-up.
 */
import { expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../../engine/ports/event-store.ts';
import type { ContractContext } from './contract-context.ts';
import { collect, newEvents, sleep, uniqueId, waitFor } from './contract-context.ts';

async function appendMany(
  store: EventStore,
  streams: readonly string[],
  appends: number,
  perAppend: (i: number) => number,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < appends; i += 1) {
    await store.append({
      streamId: streams[i % streams.length]!,
      expectedVersion: 'any',
      events: newEvents(perAppend(i)),
    });
    total += perAppend(i);
    if (i % 4 === 0) await sleep(0);
  }
  return total;
}

const ids = (events: readonly RecordedEvent[]): string[] => events.map((e) => e.id);

/** Registers the subscription cases. */
export function subscriptionCases(ctx: ContractContext): void {
  it('catches up on an empty log at once, then delivers live appends', async () => {
    const store = ctx.store();
    const delivered: RecordedEvent[] = [];
    const sub = store.subscribe({ handler: (batch) => void delivered.push(...batch) });
    try {
      await sub.caughtUp();
      expect(sub.checkpoint).toBeUndefined();
      const events = newEvents(3);
      const result = await store.append({
        streamId: uniqueId('s'),
        expectedVersion: 'any',
        events,
      });
      await waitFor(() => delivered.length === 3, 10_000, 'live delivery');
      expect(ids(delivered)).toEqual(ids((await collect(store.readAll())).slice(-3)));
      expect(ids(delivered)).toEqual(events.map((e) => e.id));
      await waitFor(() => sub.checkpoint === result.checkpoint, 5_000, 'the checkpoint to move');
    } finally {
      await sub.close();
    }
  });

  it('delivers every event exactly once, in order, while appends race with the catch-up', async () => {
    const store = ctx.store();
    const streams = [uniqueId('a'), uniqueId('b'), uniqueId('c'), uniqueId('d')];
    await appendMany(store, streams, 30, () => 10);
    const delivered: RecordedEvent[] = [];
    let batches = 0;
    // Partial batches delivered while the writer still runs: the subscription reached the head
    // and went live mid-race. The writer goes on until that happened a few times.
    let liveWhileWriting = 0;
    let writing = true;
    const writer = (async () => {
      let total = 0;
      for (let i = 0; i < 3_000 && (i < 80 || liveWhileWriting < 3); i += 1) {
        const events = newEvents(1 + (i % 3));
        await store.append({
          streamId: streams[i % streams.length]!,
          expectedVersion: 'any',
          events,
        });
        total += events.length;
        await sleep(1);
      }
      writing = false;
      return total;
    })();
    const sub = store.subscribe({
      batchSize: 7,
      handler: async (batch) => {
        expect(batch.length).toBeGreaterThan(0);
        expect(batch.length).toBeLessThanOrEqual(7);
        delivered.push(...batch);
        batches += 1;
        if (writing && batch.length < 7) liveWhileWriting += 1;
        if (batches % 3 === 0) await sleep(1);
      },
    });
    // A second subscriber joins halfway through.
    await sleep(5);
    const late: RecordedEvent[] = [];
    const lateSub = store.subscribe({
      batchSize: 50,
      handler: (batch) => void late.push(...batch),
    });
    try {
      const written = await writer;
      await sub.caughtUp();
      await lateSub.caughtUp();
      const all = await collect(store.readAll());
      expect(liveWhileWriting).toBeGreaterThanOrEqual(3);
      expect(all).toHaveLength(300 + written);
      expect(ids(delivered)).toEqual(ids(all));
      expect(ids(late)).toEqual(ids(all));
      expect(new Set(ids(delivered)).size).toBe(all.length);
      expect(sub.checkpoint).toBe(all.at(-1)!.checkpoint);

      // Live after the switch: still exactly once.
      const more = newEvents(4);
      await store.append({ streamId: streams[0]!, expectedVersion: 'any', events: more });
      await waitFor(() => delivered.length === all.length + 4, 10_000, 'live events');
      await sleep(20);
      expect(ids(delivered)).toEqual(ids(await collect(store.readAll())));
    } finally {
      await sub.close();
      await lateSub.close();
    }
  });

  it('resumes from a checkpoint: only later events, each once', async () => {
    const store = ctx.store();
    const streamId = uniqueId('s');
    await store.append({ streamId, expectedVersion: 'any', events: newEvents(5) });
    const first: RecordedEvent[] = [];
    const sub = store.subscribe({ handler: (batch) => void first.push(...batch) });
    await sub.caughtUp();
    const checkpoint = sub.checkpoint;
    await sub.close();
    expect(first).toHaveLength(5);
    expect(checkpoint).toBe(first.at(-1)!.checkpoint);

    const missed = newEvents(4);
    await store.append({ streamId, expectedVersion: 5, events: missed });
    const closedCount = first.length;
    const second: RecordedEvent[] = [];
    const resumed = store.subscribe({
      after: checkpoint!,
      batchSize: 3,
      handler: (batch) => void second.push(...batch),
    });
    try {
      await resumed.caughtUp();
      expect(ids(second)).toEqual(missed.map((e) => e.id));
      expect(first).toHaveLength(closedCount);
    } finally {
      await resumed.close();
    }
  });

  it('waits for the handler before delivering the next batch', async () => {
    const store = ctx.store();
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(20) });
    let running = 0;
    let most = 0;
    let count = 0;
    const sub = store.subscribe({
      batchSize: 3,
      handler: async (batch) => {
        running += 1;
        most = Math.max(most, running);
        await sleep(2);
        count += batch.length;
        running -= 1;
      },
    });
    try {
      await sub.caughtUp();
      expect(count).toBe(20);
      expect(most).toBe(1);
    } finally {
      await sub.close();
    }
  });

  it('stops and reports when the handler throws', async () => {
    const store = ctx.store();
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(6) });
    const failure = new Error('view broke');
    const errors: unknown[] = [];
    const delivered: RecordedEvent[] = [];
    const sub = store.subscribe({
      batchSize: 2,
      handler: (batch) => {
        if (delivered.length >= 2) throw failure;
        delivered.push(...batch);
      },
      onError: (error) => errors.push(error),
    });
    await waitFor(() => errors.length > 0, 5_000, 'onError');
    expect(errors).toEqual([failure]);
    expect(delivered).toHaveLength(2);
    expect(sub.checkpoint).toBe(delivered[1]!.checkpoint);
    await expect(sub.caughtUp()).rejects.toBe(failure);
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(1) });
    await sleep(50);
    expect(delivered).toHaveLength(2);
    expect(errors).toHaveLength(1);
    await sub.close();
  });

  it('delivers nothing after close', async () => {
    const store = ctx.store();
    const delivered: RecordedEvent[] = [];
    const sub = store.subscribe({ handler: (batch) => void delivered.push(...batch) });
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(2) });
    await sub.caughtUp();
    expect(delivered).toHaveLength(2);
    await sub.close();
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(2) });
    await sleep(100);
    expect(delivered).toHaveLength(2);
  });
}
