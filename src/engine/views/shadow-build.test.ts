import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../../stores/memory/index.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import type { EventStore, ReadAllOptions } from '../ports/event-store.ts';
import type { ProjectionCommit, ViewStore } from '../ports/view-store.ts';
import { countingProjection } from './counting-projection.test-support.ts';
import { buildShadow } from './shadow-build.ts';

async function logOf(count: number): Promise<EventStore> {
  const store = memoryEventStore();
  for (let i = 0; i < count; i += 1) {
    await store.append({
      streamId: `s-${i % 3}`,
      expectedVersion: 'any',
      events: [{ id: `e-${i}`, type: 'Counted', data: {} }],
    });
  }
  return store;
}

/** The store, each commit landing a moment after it is called, the calls recorded. */
function laggingCommits(views: ViewStore, failing?: number) {
  const calls: ProjectionCommit[] = [];
  const wrapped: ViewStore = Object.assign(Object.create(views) as ViewStore, {
    commit: async (batches: readonly ProjectionCommit[]) => {
      calls.push(...batches);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (calls.length === failing) throw new Error(`commit ${failing} failed`);
      await views.commit(batches);
    },
  });
  return { calls, wrapped };
}

const build = (
  store: EventStore,
  views: ViewStore,
  onProgress?: (n: number) => void,
  readSize?: number,
) =>
  buildShadow({
    store,
    views,
    projection: countingProjection,
    viewName: (view) => `${view}@rebuild`,
    projectionName: 'counting@1@rebuild',
    batchSize: 4,
    ...(readSize === undefined ? {} : { readSize }),
    ...(onProgress === undefined ? {} : { onProgress }),
  });

/** The store, the batch size of each read of the whole log recorded. */
function recordingReads(store: EventStore): { reads: (number | undefined)[]; store: EventStore } {
  const reads: (number | undefined)[] = [];
  const wrapped: EventStore = Object.assign(Object.create(store) as EventStore, {
    readAll: (options?: ReadAllOptions) => {
      reads.push(options?.batchSize);
      return store.readAll(options);
    },
  });
  return { reads, store: wrapped };
}

describe('buildShadow', () => {
  it('commits the batches in order, each fenced on the one before, reporting each as it lands', async () => {
    const store = await logOf(10);
    const views = memoryViewStore();
    const lagging = laggingCommits(views);
    const progress: number[] = [];
    expect(await build(store, lagging.wrapped, (n) => progress.push(n))).toBe(10);
    expect(progress).toEqual([4, 8, 10]);
    const checkpoints = lagging.calls.map((batch) => batch.checkpoint);
    expect(
      lagging.calls.map((batch) => ('position' in batch ? batch.position : undefined)),
    ).toEqual([4n, 8n, 10n]);
    expect(
      lagging.calls.map((batch) => ('expected' in batch ? batch.expected : undefined)),
    ).toEqual([null, { checkpoint: checkpoints[0] }, { checkpoint: checkpoints[1] }]);
    // Each batch read the count the one before wrote, though that commit had not landed yet.
    expect((await views.get('counts@rebuild', 'all'))?.row).toEqual({ count: 10, last: '10' });
  });

  it('reads the log in smaller batches than it commits, each commit still holding a batch', async () => {
    const log = recordingReads(await logOf(10));
    const views = memoryViewStore();
    const lagging = laggingCommits(views);
    const progress: number[] = [];
    // Reads of 3 never line up with commits of 4: a commit ends inside a read.
    expect(await build(log.store, lagging.wrapped, (n) => progress.push(n), 3)).toBe(10);
    expect(log.reads).toEqual([3]);
    expect(progress).toEqual([4, 8, 10]);
    expect(
      lagging.calls.map((batch) => ('position' in batch ? batch.position : undefined)),
    ).toEqual([4n, 8n, 10n]);
    expect((await views.get('counts@rebuild', 'all'))?.row).toEqual({ count: 10, last: '10' });
    expect((await views.checkpoint('counting@1@rebuild'))?.position).toBe(10n);
  });

  it('reads at most a batch at a time', async () => {
    const log = recordingReads(await logOf(5));
    expect(await build(log.store, memoryViewStore(), undefined, 100)).toBe(5);
    expect(log.reads).toEqual([4]);
  });

  it('lets the event loop turn between commits, though the stores answer at once', async () => {
    const store = await logOf(12);
    let progress = 0;
    let done = false;
    // The progress each turn of the event loop sees, until the rebuild is done.
    const seen: number[] = [];
    const turn = (): void => {
      if (done) return;
      seen.push(progress);
      setImmediate(turn);
    };
    setImmediate(turn);
    expect(await build(store, memoryViewStore(), (n) => (progress = n))).toBe(12);
    done = true;
    expect(
      seen.filter((n) => n > 0 && n < 12),
      'turns of the loop during the rebuild',
    ).not.toEqual([]);
  });

  it('fails with a commit that failed, and sends no commit after it', async () => {
    const store = await logOf(20);
    const views = memoryViewStore();
    const lagging = laggingCommits(views, 2);
    await expect(build(store, lagging.wrapped)).rejects.toThrow('commit 2 failed');
    expect(lagging.calls).toHaveLength(2);
    expect((await views.checkpoint('counting@1@rebuild'))?.position).toBe(4n);
  });
});
