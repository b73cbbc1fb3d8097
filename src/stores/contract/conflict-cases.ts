/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Contract cases: expected-version checks (each ExpectedVersion form) and multi-stream atomicity.
 */
import { expect, it } from 'vitest';
import type { EventStore, ExpectedVersion } from '../../engine/ports/event-store.ts';
import { ConcurrencyError, DuplicateEventError } from '../../engine/ports/store-errors.ts';
import type { ContractContext } from './contract-context.ts';
import { allIds, newEvent, newEvents, uniqueId } from './contract-context.ts';

async function expectConflict(
  attempt: Promise<unknown>,
  streamId: string,
  expected: ExpectedVersion,
  actual: number | 'no_stream',
): Promise<void> {
  const error: unknown = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConcurrencyError);
  expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId, expected, actual });
}

async function streamWith(store: EventStore, count: number): Promise<string> {
  const streamId = uniqueId('s');
  await store.append({ streamId, expectedVersion: 'no_stream', events: newEvents(count) });
  return streamId;
}

/** Registers the expected-version and atomicity cases. */
export function conflictCases(ctx: ContractContext): void {
  it("'no_stream' succeeds on a new stream and conflicts on an existing one", async () => {
    const store = ctx.store();
    const streamId = await streamWith(store, 2);
    await expectConflict(
      store.append({ streamId, expectedVersion: 'no_stream', events: newEvents(1) }),
      streamId,
      'no_stream',
      2,
    );
    expect((await store.stream(streamId))?.version).toBe(2);
  });

  it("'stream_exists' succeeds on an existing stream and conflicts on a missing one", async () => {
    const store = ctx.store();
    const streamId = await streamWith(store, 1);
    const result = await store.append({
      streamId,
      expectedVersion: 'stream_exists',
      events: newEvents(1),
    });
    expect(result.streams[0]!.nextVersion).toBe(2);
    const missing = uniqueId('missing');
    await expectConflict(
      store.append({ streamId: missing, expectedVersion: 'stream_exists', events: newEvents(1) }),
      missing,
      'stream_exists',
      'no_stream',
    );
    expect(await store.stream(missing)).toBeUndefined();
    expect(await store.readStream(missing)).toEqual([]);
  });

  it('an exact version succeeds when it matches and conflicts when it is behind or ahead', async () => {
    const store = ctx.store();
    const streamId = await streamWith(store, 3);
    await expectConflict(
      store.append({ streamId, expectedVersion: 2, events: newEvents(1) }),
      streamId,
      2,
      3,
    );
    await expectConflict(
      store.append({ streamId, expectedVersion: 4, events: newEvents(1) }),
      streamId,
      4,
      3,
    );
    const missing = uniqueId('missing');
    await expectConflict(
      store.append({ streamId: missing, expectedVersion: 1, events: newEvents(1) }),
      missing,
      1,
      'no_stream',
    );
    expect((await store.stream(streamId))?.version).toBe(3);
    const result = await store.append({ streamId, expectedVersion: 3, events: newEvents(2) });
    expect(result.streams[0]!.nextVersion).toBe(5);
  });

  it('expected version 0 means the stream holds no event yet', async () => {
    const store = ctx.store();
    const streamId = uniqueId('zero');
    await store.append({ streamId, expectedVersion: 0, events: newEvents(1) });
    await expectConflict(
      store.append({ streamId, expectedVersion: 0, events: newEvents(1) }),
      streamId,
      0,
      1,
    );
    expect((await store.stream(streamId))?.version).toBe(1);
  });

  it("'any' appends whatever the stream's state", async () => {
    const store = ctx.store();
    const streamId = uniqueId('any');
    await store.append({ streamId, expectedVersion: 'any', events: newEvents(1) });
    await store.append({ streamId, expectedVersion: 'any', events: newEvents(2) });
    expect((await store.stream(streamId))?.version).toBe(3);
  });

  it('a conflict carries stream, expected and actual version and writes nothing', async () => {
    const store = ctx.store();
    const streamId = await streamWith(store, 1);
    const before = await allIds(store);
    const headBefore = await store.head();
    await expectConflict(
      store.append({ streamId, expectedVersion: 5, events: newEvents(3) }),
      streamId,
      5,
      1,
    );
    expect(await allIds(store)).toEqual(before);
    expect(await store.head()).toBe(headBefore);
  });

  it('appends a promise and the stock reservation it needs in one atomic step', async () => {
    const store = ctx.store();
    const sale = uniqueId('sale');
    const reservation = uniqueId('reservation');
    await store.append({
      streamId: sale,
      expectedVersion: 'no_stream',
      events: [newEvent('SaleRequested')],
      metadata: { kind: 'sale' },
    });
    const promised = newEvent('SalePromised');
    const reserved = newEvent('StockReservationRequested');
    const result = await store.append([
      { streamId: sale, expectedVersion: 1, events: [promised] },
      {
        streamId: reservation,
        expectedVersion: 'no_stream',
        events: [reserved],
        metadata: { kind: 'stock-reservation', parent: sale },
      },
    ]);
    expect(result.streams.map((s) => [s.streamId, s.nextVersion])).toEqual([
      [sale, 2],
      [reservation, 1],
    ]);
    const positions = result.streams.flatMap((s) => s.positions);
    expect(positions[0]! < positions[1]!).toBe(true);
    expect((await store.readStream(sale)).map((e) => e.id).at(-1)).toBe(promised.id);
    expect((await store.readStream(reservation)).map((e) => e.id)).toEqual([reserved.id]);
    expect(await store.stream(reservation)).toEqual({
      streamId: reservation,
      version: 1,
      metadata: { kind: 'stock-reservation', parent: sale },
    });
    const all = await allIds(store);
    expect(all.slice(-2)).toEqual([promised.id, reserved.id]);
    expect(result.checkpoint).toBe(await store.head());
  });

  it('one conflicting part writes nothing for any part, and the idempotency key stays unused', async () => {
    const store = ctx.store();
    const sale = await streamWith(store, 1);
    const stock = await streamWith(store, 4);
    const fresh = uniqueId('fresh');
    const before = await allIds(store);
    const key = uniqueId('act');
    const parts = (stockVersion: number) =>
      [
        { streamId: sale, expectedVersion: 1, events: [newEvent('SalePromised')] },
        {
          streamId: fresh,
          expectedVersion: 'no_stream',
          events: newEvents(2),
          metadata: { kind: 'new' },
        },
        { streamId: stock, expectedVersion: stockVersion, events: [newEvent('StockReserved')] },
      ] as const;

    await expectConflict(store.append(parts(3), { idempotencyKey: key }), stock, 3, 4);
    expect(await allIds(store)).toEqual(before);
    expect((await store.stream(sale))?.version).toBe(1);
    expect((await store.stream(stock))?.version).toBe(4);
    expect(await store.stream(fresh)).toBeUndefined();
    expect(await store.readStream(fresh)).toEqual([]);

    const retried = await store.append(parts(4), { idempotencyKey: key });
    expect(retried.duplicate).toBe(false);
    expect(retried.streams.map((s) => s.nextVersion)).toEqual([2, 2, 5]);
    expect(await store.stream(fresh)).toEqual({
      streamId: fresh,
      version: 2,
      metadata: { kind: 'new' },
    });
  });

  it('a duplicate event id in one part writes nothing for the other parts', async () => {
    const store = ctx.store();
    const taken = newEvent('Taken');
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: [taken] });
    const before = await allIds(store);
    const other = uniqueId('other');
    const attempt = store.append([
      { streamId: other, expectedVersion: 'no_stream', events: newEvents(2) },
      {
        streamId: uniqueId('s'),
        expectedVersion: 'any',
        events: [newEvent('Again', {}, { id: taken.id })],
      },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(DuplicateEventError);
    expect(await allIds(store)).toEqual(before);
    expect(await store.stream(other)).toBeUndefined();
  });
}
