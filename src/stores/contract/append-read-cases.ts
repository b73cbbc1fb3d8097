/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Contract cases: appending to a stream and reading it back, stream metadata, per-fact metadata,
 * invalid input, head().
 */
import { expect, it } from 'vitest';
import type { AppendResult, StreamAppend } from '../../engine/ports/event-store.ts';
import { InvalidAppendError } from '../../engine/ports/store-errors.ts';
import type { ContractContext } from './contract-context.ts';
import { allIds, collect, newEvent, newEvents, uniqueId } from './contract-context.ts';

/** Registers the append/read cases. */
export function appendReadCases(ctx: ContractContext): void {
  it('appends events to a new stream and reads them back in order, versions from 1', async () => {
    const store = ctx.store();
    const streamId = uniqueId('order');
    const events = [
      newEvent(
        'OrderRequested',
        { sku: 'A-1', qty: 2 },
        { metadata: { performer: 'alice', correlation: 'c-1' } },
      ),
      newEvent('OrderPromised', { by: 'shop' }),
      newEvent('OrderExecuted', null),
    ];
    const before = Date.now();
    const result = await store.append({ streamId, expectedVersion: 'no_stream', events });

    expect(result.duplicate).toBe(false);
    expect(result.streams).toHaveLength(1);
    const part = result.streams[0]!;
    expect(part.streamId).toBe(streamId);
    expect(part.nextVersion).toBe(3);
    expect(part.positions).toHaveLength(3);
    expect(part.positions[0]! < part.positions[1]! && part.positions[1]! < part.positions[2]!).toBe(
      true,
    );

    const read = await store.readStream(streamId);
    expect(read.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(read.map((e) => e.type)).toEqual(['OrderRequested', 'OrderPromised', 'OrderExecuted']);
    expect(read.map((e) => e.data)).toEqual([{ sku: 'A-1', qty: 2 }, { by: 'shop' }, null]);
    expect(read[0]!.metadata).toEqual({ performer: 'alice', correlation: 'c-1' });
    expect(read[1]!.metadata).toEqual({});
    expect(read.map((e) => e.position)).toEqual(part.positions);
    for (const event of read) {
      expect(event.streamId).toBe(streamId);
      expect(typeof event.position).toBe('bigint');
      expect(typeof event.checkpoint).toBe('string');
      const recorded = Date.parse(event.recordedAt);
      expect(Number.isNaN(recorded)).toBe(false);
      expect(recorded).toBeGreaterThanOrEqual(before - 5_000);
      expect(recorded).toBeLessThanOrEqual(Date.now() + 5_000);
    }
    expect(result.checkpoint).toBe(read[2]!.checkpoint);
  });

  it('continues a stream: versions go on where they stopped', async () => {
    const store = ctx.store();
    const streamId = uniqueId('s');
    await store.append({ streamId, expectedVersion: 'no_stream', events: newEvents(2) });
    const result = await store.append({ streamId, expectedVersion: 2, events: newEvents(3) });
    expect(result.streams[0]!.nextVersion).toBe(5);
    expect((await store.readStream(streamId)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect((await store.stream(streamId))?.version).toBe(5);
  });

  it('round-trips every kind of JSON value as data and metadata', async () => {
    const store = ctx.store();
    const streamId = uniqueId('json');
    const nested = {
      text: 'Grüße, 注文 🚚 "quoted" \\ back\nslash',
      int: 42,
      negative: -7,
      float: 3.25,
      big: 9007199254740991,
      yes: true,
      no: false,
      nothing: null,
      list: [1, 'two', [3], { four: 4 }],
      empty: {},
      emptyList: [],
    };
    const datas = [nested, 'just a string', 12.5, true, null, [1, 2, 3]];
    await store.append({
      streamId,
      expectedVersion: 'any',
      events: datas.map((data, i) =>
        newEvent('Json', data, { metadata: i === 0 ? nested : { i } }),
      ),
    });
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.data)).toEqual(datas);
    expect(read[0]!.metadata).toEqual(nested);
  });

  it('keeps its own copy: changing appended objects afterwards does not change the log', async () => {
    const store = ctx.store();
    const streamId = uniqueId('copy');
    const data = { qty: 1, lines: [{ sku: 'A' }] };
    const metadata = { performer: 'bob' };
    await store.append({
      streamId,
      expectedVersion: 'any',
      events: [{ id: uniqueId('ev'), type: 'Copied', data, metadata }],
      metadata: { kind: 'sale' },
    });
    data.qty = 99;
    data.lines.push({ sku: 'B' });
    metadata.performer = 'mallory';
    const [event] = await store.readStream(streamId);
    expect(event!.data).toEqual({ qty: 1, lines: [{ sku: 'A' }] });
    expect(event!.metadata).toEqual({ performer: 'bob' });
  });

  it('stores stream metadata (kind, parent) when the stream is created and ignores it afterwards', async () => {
    const store = ctx.store();
    const parent = uniqueId('sale');
    const child = uniqueId('stock');
    expect(await store.stream(child)).toBeUndefined();
    await store.append({
      streamId: child,
      expectedVersion: 'no_stream',
      events: newEvents(1),
      metadata: { kind: 'stock-reservation', parent, note: 'first' },
    });
    expect(await store.stream(child)).toEqual({
      streamId: child,
      version: 1,
      metadata: { kind: 'stock-reservation', parent, note: 'first' },
    });
    await store.append({
      streamId: child,
      expectedVersion: 1,
      events: newEvents(1),
      metadata: { kind: 'something-else' },
    });
    expect(await store.stream(child)).toEqual({
      streamId: child,
      version: 2,
      metadata: { kind: 'stock-reservation', parent, note: 'first' },
    });
    await store.append({ streamId: parent, expectedVersion: 'any', events: newEvents(1) });
    expect(await store.stream(parent)).toEqual({ streamId: parent, version: 1, metadata: {} });
  });

  it('reads a stream from a version and at most maxCount events', async () => {
    const store = ctx.store();
    const streamId = uniqueId('s');
    await store.append({ streamId, expectedVersion: 'no_stream', events: newEvents(10) });
    const versions = async (options: {
      fromVersion?: number;
      maxCount?: number;
    }): Promise<number[]> => (await store.readStream(streamId, options)).map((e) => e.version);
    expect(await versions({ fromVersion: 4 })).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(await versions({ fromVersion: 4, maxCount: 3 })).toEqual([4, 5, 6]);
    expect(await versions({ maxCount: 2 })).toEqual([1, 2]);
    expect(await versions({ fromVersion: 10 })).toEqual([10]);
    expect(await versions({ fromVersion: 11 })).toEqual([]);
    expect(await versions({ fromVersion: 1, maxCount: 100 })).toHaveLength(10);
    expect(await store.readStream(uniqueId('missing'))).toEqual([]);
  });

  it('keeps streams apart', async () => {
    const store = ctx.store();
    const a = uniqueId('a');
    const b = uniqueId('b');
    await store.append({ streamId: a, expectedVersion: 'any', events: newEvents(2) });
    await store.append({ streamId: b, expectedVersion: 'any', events: newEvents(1) });
    await store.append({ streamId: a, expectedVersion: 'any', events: newEvents(1) });
    expect((await store.readStream(a)).map((e) => e.version)).toEqual([1, 2, 3]);
    expect((await store.readStream(b)).map((e) => e.version)).toEqual([1]);
    expect((await store.readStream(b))[0]!.streamId).toBe(b);
  });

  it('reports head(): undefined when empty, then the checkpoint of the last event', async () => {
    const store = ctx.store();
    expect(await store.head()).toBeUndefined();
    const first = await store.append({
      streamId: uniqueId('s'),
      expectedVersion: 'any',
      events: newEvents(2),
    });
    expect(await store.head()).toBe(first.checkpoint);
    const second = await store.append({
      streamId: uniqueId('s'),
      expectedVersion: 'any',
      events: newEvents(1),
    });
    expect(await store.head()).toBe(second.checkpoint);
    expect(await collect(store.readAll({ after: second.checkpoint }))).toEqual([]);
    const all = await collect(store.readAll());
    expect(all.at(-1)!.checkpoint).toBe(second.checkpoint);
  });

  it('refuses invalid appends with InvalidAppendError and writes nothing', async () => {
    const store = ctx.store();
    const good = (): StreamAppend => ({
      streamId: uniqueId('good'),
      expectedVersion: 'any',
      events: newEvents(1),
    });
    const shared = uniqueId('dup');
    const invalid: {
      readonly what: string;
      readonly parts: StreamAppend | readonly StreamAppend[];
      readonly key?: string;
    }[] = [
      { what: 'no parts', parts: [] },
      {
        what: 'a part without events',
        parts: { streamId: uniqueId('s'), expectedVersion: 'any', events: [] },
      },
      {
        what: 'an empty part beside a good one',
        parts: [good(), { streamId: uniqueId('s'), expectedVersion: 'any', events: [] }],
      },
      {
        what: 'an empty stream id',
        parts: [good(), { streamId: '', expectedVersion: 'any', events: newEvents(1) }],
      },
      {
        what: 'an empty event id',
        parts: [
          good(),
          {
            streamId: uniqueId('s'),
            expectedVersion: 'any',
            events: [{ id: '', type: 'T', data: {} }],
          },
        ],
      },
      {
        what: 'an empty type',
        parts: [
          good(),
          {
            streamId: uniqueId('s'),
            expectedVersion: 'any',
            events: [{ id: uniqueId('e'), type: '', data: {} }],
          },
        ],
      },
      {
        what: 'a stream named twice',
        parts: [
          { streamId: shared, expectedVersion: 'any', events: newEvents(1) },
          { streamId: shared, expectedVersion: 'any', events: newEvents(1) },
        ],
      },
      {
        what: 'an event id used twice in one append',
        parts: [
          good(),
          {
            streamId: uniqueId('s'),
            expectedVersion: 'any',
            events: [newEvent('T', {}, { id: 'twice' }), newEvent('T', {}, { id: 'twice' })],
          },
        ],
      },
      {
        what: 'a negative expected version',
        parts: [good(), { streamId: uniqueId('s'), expectedVersion: -1, events: newEvents(1) }],
      },
      {
        what: 'a fractional expected version',
        parts: [good(), { streamId: uniqueId('s'), expectedVersion: 1.5, events: newEvents(1) }],
      },
      {
        what: 'an unknown expected version',
        parts: [
          good(),
          {
            streamId: uniqueId('s'),
            expectedVersion: 'latest' as unknown as 'any',
            events: newEvents(1),
          },
        ],
      },
      { what: 'an empty idempotency key', parts: good(), key: '' },
    ];
    for (const { what, parts, key } of invalid) {
      const attempt = store.append(parts, key === undefined ? {} : { idempotencyKey: key });
      await expect(attempt, what).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(
        store.append(parts, key === undefined ? {} : { idempotencyKey: key }),
        what,
      ).rejects.toMatchObject({
        code: 'INVALID_APPEND',
      });
    }
    expect(await store.head()).toBeUndefined();
    expect(await allIds(store)).toEqual([]);
    expect(await store.stream(shared)).toBeUndefined();
  });

  it('accepts a single part or a list of parts', async () => {
    const store = ctx.store();
    const one: AppendResult = await store.append({
      streamId: uniqueId('s'),
      expectedVersion: 'any',
      events: newEvents(1),
    });
    const many: AppendResult = await store.append([
      { streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(1) },
    ]);
    expect(one.streams).toHaveLength(1);
    expect(many.streams).toHaveLength(1);
    expect((await allIds(store)).length).toBe(2);
  });
}
