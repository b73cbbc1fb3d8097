import pg from 'pg';
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

  /** A store on the schema, its log started by one event on a new stream, under a key. */
  async function storeStartedWith(
    { url, schema }: TestSchema,
    streamId: string,
    eventId: string,
    key: string,
  ): Promise<PostgresEventStore> {
    const store = await openPostgresEventStore({ connectionString: url, schema });
    stores.push(store);
    await store.append(
      { streamId, expectedVersion: 'no_stream', events: [{ id: eventId, type: 'T', data: 1 }] },
      { idempotencyKey: key },
    );
    return store;
  }

  it('answers each failing request of a batch with the port error and its details, writing nothing of it', async () => {
    made = createTestSchema('fnbatch');
    const store = await storeStartedWith(made, 'taken', 'used-1', 'k-first');
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
  it('writes a plain batch as sets, answering and storing what the request-by-request path does', async () => {
    // Two schemas with the same history: one batch goes through append_batch (which takes the
    // set-based path for a batch of new, independent requests), the same batch through migration
    // 3's request-by-request function. Answers and rows must agree, position for position.
    const sets = createTestSchema('fnsets');
    const loop = createTestSchema('fnloop');
    const cleanups = [sets, loop];
    made = {
      ...sets,
      cleanup: async () => {
        await Promise.all(cleanups.map((c) => c.cleanup()));
      },
    };
    for (const schema of cleanups) await storeStartedWith(schema, 'old', 'o1', 'k-old');
    const part = (streamId: string, expectedVersion: unknown, ids: string[], metadata = {}) => ({
      streamId,
      expectedVersion,
      metadata,
      events: ids.map((id, n) => ({ id, type: `T${n}`, data: { id, n }, metadata: { n } })),
    });
    const plain = [
      { key: 'k-a', parts: [part('a', 'no_stream', ['a1', 'a2'], { kind: 'TK01' })] },
      { key: null, parts: [part('old', 1, ['o2']), part('b', 'any', ['b1'])] },
      { key: 'k-c', parts: [part('c', 'any', ['c1', 'c2', 'c3']), part('d', 'no_stream', ['d1'])] },
    ];
    // The same stream twice in one batch: the second request depends on the first.
    const dependent = [
      { key: 'k-e', parts: [part('e', 'no_stream', ['e1'])] },
      { key: null, parts: [part('e', 1, ['e2'])] },
    ];
    const client = new pg.Client({ connectionString: sets.url });
    await client.connect();
    try {
      // Calls of the request-by-request function while this batch ran: the counts of the
      // session not yet flushed to the statistics, read before and after.
      const inOrderCalls = async (schema: string) =>
        Number(
          (
            await client.query<{ calls: string }>(
              `select calls from pg_stat_xact_user_functions where schemaname = $1 and funcname = 'append_batch_in_order'`,
              [schema],
            )
          ).rows[0]?.calls ?? 0,
        );
      const run = async (schema: string, fn: string, batch: unknown) => {
        await client.query('begin');
        await client.query(`set local track_functions = 'pl'`);
        const before = await inOrderCalls(schema);
        const { rows } = await client.query<{ answers: unknown[] }>(
          `select "${schema}".${fn}($1::jsonb) as answers`,
          [JSON.stringify(batch)],
        );
        const calls = (await inOrderCalls(schema)) - before;
        await client.query('commit');
        return { answers: rows[0]!.answers, inOrderCalls: calls };
      };
      const state = async (schema: string) => {
        const q = async (sql: string): Promise<unknown[]> =>
          (await client.query<Record<string, unknown>>(sql)).rows;
        return {
          streams: await q(
            `select stream_id, version, metadata from "${schema}".streams order by stream_id`,
          ),
          events: await q(
            `select position::text, id, stream_id, version, type, data, metadata from "${schema}".events order by position`,
          ),
          keys: await q(
            `select key, result - 'checkpoint' as result, result->>'checkpoint' ~ '^[0-9]+:[0-9]+$' as checkpoint from "${schema}".idempotency order by key`,
          ),
        };
      };
      // The checkpoint names the writing transaction, which differs between the schemas.
      const sansXid = (answers: unknown[]): unknown =>
        JSON.parse(JSON.stringify(answers).replace(/"checkpoint":"[0-9]+:/g, '"checkpoint":"xid:'));

      const bySets = await run(sets.schema, 'append_batch', plain);
      const byLoop = await run(loop.schema, 'append_batch_in_order', plain);
      expect(bySets.inOrderCalls, 'a plain batch is written as sets').toBe(0);
      expect(sansXid(bySets.answers)).toEqual(sansXid(byLoop.answers));
      expect(bySets.answers).toHaveLength(3);
      expect(bySets.answers[2]).toMatchObject({
        result: {
          duplicate: false,
          streams: [
            {
              streamId: 'c',
              nextVersion: 3,
              positions: [expect.any(String), expect.any(String), expect.any(String)],
            },
            { streamId: 'd', nextVersion: 1 },
          ],
        },
      });
      expect(await state(sets.schema)).toEqual(await state(loop.schema));

      const dependentSets = await run(sets.schema, 'append_batch', dependent);
      const dependentLoop = await run(loop.schema, 'append_batch_in_order', dependent);
      expect(
        dependentSets.inOrderCalls,
        'a batch whose requests depend on each other goes in order',
      ).toBe(1);
      expect(sansXid(dependentSets.answers)).toEqual(sansXid(dependentLoop.answers));
      // A batch that is plain but for one stored key answers the key's original result.
      const retried = await run(sets.schema, 'append_batch', [
        plain[0],
        { key: null, parts: [part('f', 'any', ['f1'])] },
      ]);
      expect(retried.inOrderCalls).toBe(1);
      expect(retried.answers[0]).toEqual({
        result: { ...(bySets.answers[0] as { result: object }).result, duplicate: true },
      });
      expect(await state(sets.schema)).not.toEqual(await state(loop.schema));
    } finally {
      await client.end();
    }
  });
});
