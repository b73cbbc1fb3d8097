/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Contract cases: idempotent append (same key → the original result, nothing appended) and event
 * ids that are unique in the whole log.
 */
import { expect, it } from 'vitest';
import { DuplicateEventError } from '../../engine/ports/store-errors.ts';
import type { ContractContext } from './contract-context.ts';
import { allIds, newEvent, newEvents, uniqueId } from './contract-context.ts';

/** Registers the idempotency cases. */
export function idempotencyCases(ctx: ContractContext): void {
  it('re-sending the same key appends nothing and returns the original result', async () => {
    const store = ctx.store();
    const streamId = uniqueId('order');
    const key = uniqueId('act');
    const events = [newEvent('OrderRequested', { qty: 1 })];
    const first = await store.append(
      { streamId, expectedVersion: 'no_stream', events },
      { idempotencyKey: key },
    );
    expect(first.duplicate).toBe(false);
    const headAfterFirst = await store.head();
    const idsAfterFirst = await allIds(store);

    // The same act again, with its (now stale) expected version: the original result, no conflict.
    const again = await store.append(
      { streamId, expectedVersion: 'no_stream', events },
      { idempotencyKey: key },
    );
    expect(again.duplicate).toBe(true);
    expect(again.streams).toEqual(first.streams);
    expect(again.checkpoint).toBe(first.checkpoint);

    // Even with different content, the key decides.
    const different = await store.append(
      { streamId: uniqueId('elsewhere'), expectedVersion: 'any', events: newEvents(3) },
      { idempotencyKey: key },
    );
    expect(different.duplicate).toBe(true);
    expect(different.streams).toEqual(first.streams);

    expect(await store.head()).toBe(headAfterFirst);
    expect(await allIds(store)).toEqual(idsAfterFirst);
    expect((await store.stream(streamId))?.version).toBe(1);
  });

  it('returns the original result of a multi-stream append, even after later appends', async () => {
    const store = ctx.store();
    const a = uniqueId('a');
    const b = uniqueId('b');
    const key = uniqueId('act');
    const parts = [
      { streamId: a, expectedVersion: 'no_stream', events: newEvents(2) },
      { streamId: b, expectedVersion: 'no_stream', events: newEvents(1) },
    ] as const;
    const first = await store.append(parts, { idempotencyKey: key });
    await store.append({ streamId: a, expectedVersion: 'any', events: newEvents(2) });
    const count = (await allIds(store)).length;
    const again = await store.append(parts, { idempotencyKey: key });
    expect(again).toEqual({ ...first, duplicate: true });
    expect((await allIds(store)).length).toBe(count);
  });

  it('keys are independent: a different key appends', async () => {
    const store = ctx.store();
    const streamId = uniqueId('s');
    await store.append(
      { streamId, expectedVersion: 'any', events: newEvents(1) },
      { idempotencyKey: uniqueId('k') },
    );
    const second = await store.append(
      { streamId, expectedVersion: 'any', events: newEvents(1) },
      { idempotencyKey: uniqueId('k') },
    );
    expect(second.duplicate).toBe(false);
    expect(second.streams[0]!.nextVersion).toBe(2);
  });

  it('concurrent sends of the same key append once; the others get the original result', async () => {
    const store = ctx.store();
    const streamId = uniqueId('s');
    const key = uniqueId('act');
    const events = newEvents(2);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.append({ streamId, expectedVersion: 'any', events }, { idempotencyKey: key }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const original = results.find((r) => !r.duplicate)!;
    for (const result of results) expect(result.streams).toEqual(original.streams);
    expect((await store.readStream(streamId)).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('a reused event id under a different key or no key is a DuplicateEventError and appends nothing', async () => {
    const store = ctx.store();
    const event = newEvent('Once');
    const streamId = uniqueId('s');
    await store.append(
      { streamId, expectedVersion: 'any', events: [event] },
      { idempotencyKey: uniqueId('k') },
    );
    const before = await allIds(store);
    const headBefore = await store.head();

    const otherKey = uniqueId('k');
    const withKey = await store
      .append(
        { streamId, expectedVersion: 'any', events: [newEvent('Fresh'), event] },
        { idempotencyKey: otherKey },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(withKey).toBeInstanceOf(DuplicateEventError);
    expect(withKey).toMatchObject({ code: 'DUPLICATE_EVENT', eventId: event.id });

    await expect(
      store.append({ streamId: uniqueId('other'), expectedVersion: 'any', events: [event] }),
    ).rejects.toBeInstanceOf(DuplicateEventError);
    expect(await allIds(store)).toEqual(before);
    expect(await store.head()).toBe(headBefore);
    expect((await store.stream(streamId))?.version).toBe(1);

    // The refused key was not consumed.
    const later = await store.append(
      { streamId, expectedVersion: 1, events: newEvents(1) },
      { idempotencyKey: otherKey },
    );
    expect(later.duplicate).toBe(false);
  });
}
