import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../stores/memory/index.ts';
import { forwardingStore } from './forwarding-store.test-support.ts';
import { GroupCommitter } from './group-commit.ts';
import type { AppendRequest, AppendResult } from './ports/event-store.ts';
import { ConcurrencyError } from './ports/store-errors.ts';

/** A store whose batches wait until the test lets them through, counting those in flight. */
function gatedStore(batchesInFlight: number | undefined) {
  const inner = memoryEventStore();
  const gates: (() => void)[] = [];
  const batches: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const store = forwardingStore(inner, {
    ...(batchesInFlight === undefined ? {} : { batchesInFlight }),
    appendBatch: async (requests: readonly AppendRequest[]) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      batches.push(requests.length);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      const appendBatch = inner.appendBatch?.bind(inner);
      if (appendBatch === undefined) throw new Error('the memory store appends in batches');
      return appendBatch(requests);
    },
  });
  return {
    store,
    batches,
    mostInFlight: () => mostInFlight,
    /** Lets every batch waiting now go on, and waits for the ones it starts to arrive. */
    release: async () => {
      for (const open of gates.splice(0)) open();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const appendTo = (
  committer: GroupCommitter,
  streamId: string,
  expectedVersion: 'no_stream' | number = 'no_stream',
) =>
  committer.append({
    streamId,
    expectedVersion,
    events: [{ id: `${streamId}-${String(expectedVersion)}`, type: 'Happened', data: {} }],
  });

async function settle(
  gated: ReturnType<typeof gatedStore>,
  answers: readonly Promise<AppendResult>[],
): Promise<PromiseSettledResult<AppendResult>[]> {
  const all = Promise.allSettled(answers);
  for (let round = 0; round < 10; round += 1) await gated.release();
  return all;
}

describe('GroupCommitter', () => {
  it('gathers the appends of one turn of the event loop into one batch', async () => {
    const gated = gatedStore(undefined);
    const committer = new GroupCommitter(gated.store);
    const answers = ['a', 'b', 'c'].map((id) => appendTo(committer, id));
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.batches).toEqual([3]);
    const settled = await settle(gated, answers);
    expect(settled.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('keeps one batch in flight by default and gathers the next meanwhile', async () => {
    const gated = gatedStore(undefined);
    const committer = new GroupCommitter(gated.store);
    const first = appendTo(committer, 'a');
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['b', 'c', 'd'].map((id) => appendTo(committer, id));
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.batches).toEqual([1]);
    await settle(gated, [first, ...later]);
    expect(gated.batches).toEqual([1, 3]);
    expect(gated.mostInFlight()).toBe(1);
  });

  it('runs as many batches at once as the store asks for, and no more', async () => {
    const gated = gatedStore(2);
    const committer = new GroupCommitter(gated.store);
    const answers: Promise<AppendResult>[] = [];
    for (const id of ['a', 'b', 'c']) {
      answers.push(appendTo(committer, id));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(gated.batches).toEqual([1, 1]);
    const settled = await settle(gated, answers);
    expect(gated.batches).toEqual([1, 1, 1]);
    expect(gated.mostInFlight()).toBe(2);
    expect(settled.every((answer) => answer.status === 'fulfilled')).toBe(true);
  });

  it('shares what waits among the free slots, so the batches commit side by side', async () => {
    const gated = gatedStore(2);
    const committer = new GroupCommitter(gated.store);
    const answers = ['a', 'b', 'c', 'd', 'e'].map((id) => appendTo(committer, id));
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.batches).toEqual([3, 2]);
    const settled = await settle(gated, answers);
    expect(settled.every((answer) => answer.status === 'fulfilled')).toBe(true);
  });

  it('answers each append on its own: one conflict refuses only its own', async () => {
    const gated = gatedStore(1);
    const committer = new GroupCommitter(gated.store);
    const answers = [
      appendTo(committer, 'a'),
      appendTo(committer, 'b', 3),
      appendTo(committer, 'c'),
    ];
    const settled = await settle(gated, answers);
    expect(settled.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refused = settled[1];
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(ConcurrencyError);
    expect(await gated.store.readStream('b')).toEqual([]);
  });
});
