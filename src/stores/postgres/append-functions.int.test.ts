import { afterEach, describe, expect, it } from 'vitest';
import type { AppendResult, RecordedEvent } from '../../engine/ports/event-store.ts';
import {
  ConcurrencyError,
  DuplicateEventError,
  InvalidAppendError,
} from '../../engine/ports/store-errors.ts';
import { createTestSchema, type TestSchema } from '../../../test/postgres.ts';
import { delayCommits } from './commit-order.test-support.ts';
import { openPostgresEventStore, type PostgresEventStore } from './postgres-event-store.ts';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('postgres append in one statement (append_events, append_batch)', () => {
  let made: TestSchema | undefined;
  const stores: PostgresEventStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await made?.cleanup();
    made = undefined;
  });

  it('answers each failing request of a batch with the port error and its details, writing nothing of it', async () => {
    made = createTestSchema('fnbatch');
    const store = await openPostgresEventStore({ connectionString: made.url, schema: made.schema });
    stores.push(store);
    await store.append(
      {
        streamId: 'taken',
        expectedVersion: 'no_stream',
        events: [{ id: 'used-1', type: 'T', data: 1 }],
      },
      { idempotencyKey: 'k-first' },
    );
    const results = await store.appendBatch([
      {
        parts: {
          streamId: 'taken',
          expectedVersion: 3,
          events: [{ id: 'x1', type: 'T', data: 0 }],
        },
      },
      {
        parts: {
          streamId: 'fresh',
          expectedVersion: 'stream_exists',
          events: [{ id: 'x2', type: 'T', data: 0 }],
        },
      },
      // A reused event id under another key: refused, and the key is not recorded.
      {
        parts: [
          {
            streamId: 'other',
            expectedVersion: 'no_stream',
            events: [{ id: 'x3', type: 'T', data: 0 }],
          },
          { streamId: 'taken', expectedVersion: 1, events: [{ id: 'used-1', type: 'T', data: 0 }] },
        ],
        options: { idempotencyKey: 'k-other' },
      },
      { parts: { streamId: 'taken', expectedVersion: 'nope' as never, events: [] } },
      {
        parts: {
          streamId: 'taken',
          expectedVersion: 1,
          events: [{ id: 'ok-1', type: 'T', data: null }],
        },
      },
    ]);
    expect(results).toHaveLength(5);
    expect(results[0]).toBeInstanceOf(ConcurrencyError);
    expect(results[0]).toMatchObject({ streamId: 'taken', expected: 3, actual: 1 });
    expect(results[1]).toBeInstanceOf(ConcurrencyError);
    expect(results[1]).toMatchObject({
      streamId: 'fresh',
      expected: 'stream_exists',
      actual: 'no_stream',
    });
    expect(results[2]).toBeInstanceOf(DuplicateEventError);
    expect(results[2]).toMatchObject({ eventId: 'used-1' });
    expect(results[3]).toBeInstanceOf(InvalidAppendError);
    const ok = results[4] as AppendResult;
    expect(ok).toMatchObject({
      duplicate: false,
      streams: [{ streamId: 'taken', nextVersion: 2 }],
    });

    expect((await store.readStream('taken')).map((event) => [event.id, event.data])).toEqual([
      ['used-1', 1],
      ['ok-1', null],
    ]);
    expect(await store.stream('other')).toBeUndefined();
    expect(await store.stream('fresh')).toBeUndefined();
    const retried = await store.append(
      {
        streamId: 'other',
        expectedVersion: 'no_stream',
        events: [{ id: 'x4', type: 'T', data: 0 }],
      },
      { idempotencyKey: 'k-other' },
    );
    expect(retried.duplicate, 'the failed request must not have recorded its key').toBe(false);
  });

  it('maps a single append conflict to ConcurrencyError and keeps the pooled connection', async () => {
    made = createTestSchema('fnconn');
    const store = await openPostgresEventStore({
      connectionString: made.url,
      schema: made.schema,
      maxConnections: 1,
    });
    stores.push(store);
    const backend = async (): Promise<number> =>
      (await store.pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const before = await backend();
    const conflict = await store
      .append({ streamId: 's', expectedVersion: 2, events: [{ id: 'e1', type: 'T', data: 1 }] })
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ConcurrencyError);
    expect(conflict).toMatchObject({ streamId: 's', expected: 2, actual: 'no_stream' });
    expect(await backend(), 'a version conflict must not cost a reconnect').toBe(before);
    const result = await store.append({
      streamId: 's',
      expectedVersion: 0,
      events: [
        { id: 'e1', type: 'T', data: 1 },
        { id: 'e2', type: 'T', data: 2 },
      ],
    });
    expect(result.streams[0]!.positions).toHaveLength(2);
    expect(result.streams[0]!.positions[1]! - result.streams[0]!.positions[0]!).toBe(1n);
    expect(await store.stream('s')).toMatchObject({ version: 2 });
  });

  it('appends and batches of two processes share locks and idempotency keys while commits interleave', async () => {
    // A schema name that needs quoting: the functions find it through their search_path.
    made = createTestSchema('Fn Mixed');
    const { url, schema } = made;
    const fast = await openPostgresEventStore({ connectionString: url, schema });
    const slow = await openPostgresEventStore({ connectionString: url, schema });
    stores.push(fast, slow);
    await delayCommits(url, schema, 3);

    const first = await fast.append(
      { streamId: 'k', expectedVersion: 'any', events: [{ id: 'k1', type: 'T', data: 1 }] },
      { idempotencyKey: 'key-1' },
    );
    expect(
      await slow.append(
        { streamId: 'k', expectedVersion: 'any', events: [{ id: 'k1b', type: 'T', data: 1 }] },
        { idempotencyKey: 'key-1' },
      ),
    ).toEqual({ ...first, duplicate: true });
    const second = await slow.append(
      { streamId: 'k', expectedVersion: 'any', events: [{ id: 'k2', type: 'T', data: 2 }] },
      { idempotencyKey: 'key-2' },
    );
    const [again] = await fast.appendBatch([
      {
        parts: {
          streamId: 'k',
          expectedVersion: 'any',
          events: [{ id: 'k2b', type: 'T', data: 2 }],
        },
        options: { idempotencyKey: 'key-2' },
      },
    ]);
    expect(again).toEqual({ ...second, duplicate: true });

    // Appends and batches go to the same streams at once. Were their locks not the same, two
    // appends would read the same version and one would fail on (stream_id, version).
    const writers = [fast, slow, fast, slow].map(async (store, w) => {
      for (let i = 0; i < 15; i += 1) {
        const events = [{ id: `w${w}-${i}`, type: 'T', data: { w, i } }];
        const streams = [`shared-${i % 2}`, 'shared-all'];
        const parts = streams.map((streamId) => ({
          streamId,
          expectedVersion: 'any' as const,
          events: events.map((event) => ({ ...event, id: `${event.id}-${streamId}` })),
        }));
        if (i % 3 === 0) {
          const [result] = await store.appendBatch([{ parts }]);
          if (result instanceof Error) throw result;
        } else {
          await store.append(parts);
        }
      }
    });
    await Promise.all(writers);
    const log: RecordedEvent[] = await collect(fast.readAll());
    const versions = new Map<string, number>();
    for (const event of log) {
      const expected = (versions.get(event.streamId) ?? 0) + 1;
      expect(event.version, `${event.streamId} out of order in the global log`).toBe(expected);
      versions.set(event.streamId, expected);
    }
    expect(versions.get('shared-all')).toBe(60);
    expect((versions.get('shared-0') ?? 0) + (versions.get('shared-1') ?? 0)).toBe(60);
  });
});
