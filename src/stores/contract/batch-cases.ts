/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Contract cases for group commit (`appendBatch`, optional): each append of a batch is all or
 * nothing on its own and answered on its own; one failing append takes nothing else with it.
 */
import { expect, it } from 'vitest';
import { ConcurrencyError, InvalidAppendError } from '../../engine/ports/store-errors.ts';
import type { ContractContext } from './contract-context.ts';
import { allIds, newEvent, newEvents, uniqueId } from './contract-context.ts';

/** Registers the group-commit cases (skipped for stores without `appendBatch`). */
export function batchCases(ctx: ContractContext): void {
  it('appends a batch: each append on its own, a failing one takes nothing else with it', async () => {
    const store = ctx.store();
    if (store.appendBatch === undefined) return;
    const taken = uniqueId('taken');
    await store.append({
      streamId: taken,
      expectedVersion: 'no_stream',
      events: [newEvent('Created', {})],
    });
    const a = uniqueId('a');
    const b = uniqueId('b');
    const before = await allIds(store);
    const good = newEvents(2);
    const conflicting = [newEvent('Conflicting', {})];
    const multi = [newEvent('MultiA', {}), newEvent('MultiB', {})];
    const results = await store.appendBatch([
      {
        parts: { streamId: a, expectedVersion: 'no_stream', events: good },
        options: { idempotencyKey: uniqueId('k') },
      },
      { parts: { streamId: taken, expectedVersion: 'no_stream', events: conflicting } },
      // One part conflicts: the other part of the same append is not written either.
      {
        parts: [
          { streamId: b, expectedVersion: 'no_stream', events: [multi[0]!] },
          { streamId: taken, expectedVersion: 5, events: [multi[1]!] },
        ],
      },
      { parts: { streamId: b, expectedVersion: 'no_stream', events: [newEvent('Later', {})] } },
      { parts: [] },
    ]);
    expect(results).toHaveLength(5);
    expect(results[0]).toMatchObject({
      duplicate: false,
      streams: [{ streamId: a, nextVersion: 2 }],
    });
    expect(results[1]).toBeInstanceOf(ConcurrencyError);
    expect(results[2]).toBeInstanceOf(ConcurrencyError);
    expect(results[3]).toMatchObject({
      duplicate: false,
      streams: [{ streamId: b, nextVersion: 1 }],
    });
    expect(results[4]).toBeInstanceOf(InvalidAppendError);
    const after = await allIds(store);
    expect(after.slice(before.length)).toEqual([...good.map((e) => e.id), expect.any(String)]);
    expect((await store.readStream(taken)).map((e) => e.type)).toEqual(['Created']);
    expect((await store.readStream(b)).map((e) => e.type)).toEqual(['Later']);
  });

  it('answers a re-sent key in a batch with the original result, appending nothing', async () => {
    const store = ctx.store();
    if (store.appendBatch === undefined) return;
    const key = uniqueId('k');
    const streamId = uniqueId('s');
    const first = await store.append(
      { streamId, expectedVersion: 'no_stream', events: newEvents(1) },
      { idempotencyKey: key },
    );
    const [again] = await store.appendBatch([
      {
        parts: { streamId, expectedVersion: 'no_stream', events: newEvents(1) },
        options: { idempotencyKey: key },
      },
    ]);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });
}
