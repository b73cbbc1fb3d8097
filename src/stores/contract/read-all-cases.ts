/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Contract cases: the whole log in global order, resumed from a checkpoint, streamed in batches;
 * with `heavy`, 100,000 events read with a small batch size.
 */
import { expect, it } from 'vitest';
import type { NewEvent } from '../../engine/ports/event-store.ts';
import { InvalidAppendError } from '../../engine/ports/store-errors.ts';
import type { ContractContext } from './contract-context.ts';
import { collect, firstOutOfOrder, newEvents, uniqueId } from './contract-context.ts';

/** Registers the global-order cases. */
export function readAllCases(ctx: ContractContext): void {
  it('reads nothing from an empty log', async () => {
    expect(await collect(ctx.store().readAll())).toEqual([]);
    expect(await collect(ctx.store().readAll({ batchSize: 1 }))).toEqual([]);
  });

  it('reads every stream in one global order, the order of the appends', async () => {
    const store = ctx.store();
    const streams = [uniqueId('a'), uniqueId('b'), uniqueId('c')];
    const expected: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      const streamId = streams[round % 3]!;
      const events = newEvents(1 + (round % 2));
      await store.append({ streamId, expectedVersion: 'any', events });
      expected.push(...events.map((e) => e.id));
    }
    for (const batchSize of [undefined, 1, 2, 5, 1000]) {
      const all = await collect(store.readAll(batchSize === undefined ? {} : { batchSize }));
      expect(all.map((e) => e.id)).toEqual(expected);
      expect(firstOutOfOrder(all)).toBe(-1);
      expect(new Set(all.map((e) => e.checkpoint)).size).toBe(all.length);
    }
  });

  it('resumes strictly after a checkpoint', async () => {
    const store = ctx.store();
    const streamId = uniqueId('s');
    await store.append({ streamId, expectedVersion: 'any', events: newEvents(10) });
    const all = await collect(store.readAll());
    for (const cut of [0, 3, 9]) {
      const rest = await collect(store.readAll({ after: all[cut]!.checkpoint, batchSize: 3 }));
      expect(rest.map((e) => e.id)).toEqual(all.slice(cut + 1).map((e) => e.id));
    }
    expect(await collect(store.readAll({ after: all[9]!.checkpoint }))).toEqual([]);
  });

  it('sees events appended after the read began', async () => {
    const store = ctx.store();
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(3) });
    const seen: string[] = [];
    const later = newEvents(2);
    for await (const event of store.readAll({ batchSize: 2 })) {
      seen.push(event.id);
      if (seen.length === 1)
        await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: later });
    }
    expect(seen.slice(-2)).toEqual(later.map((e) => e.id));
    expect(seen).toHaveLength(5);
  });

  it('can stop reading early and keep using the store', async () => {
    const store = ctx.store();
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(10) });
    let read = 0;
    for await (const event of store.readAll({ batchSize: 2 })) {
      expect(event.id).toBeTypeOf('string');
      read += 1;
      if (read === 3) break;
    }
    expect(read).toBe(3);
    const result = await store.append({
      streamId: uniqueId('s'),
      expectedVersion: 'any',
      events: newEvents(1),
    });
    expect(result.duplicate).toBe(false);
    expect(await collect(store.readAll())).toHaveLength(11);
  });

  it('refuses a checkpoint it did not issue', async () => {
    const store = ctx.store();
    await store.append({ streamId: uniqueId('s'), expectedVersion: 'any', events: newEvents(1) });
    await expect(collect(store.readAll({ after: 'not a checkpoint' }))).rejects.toBeInstanceOf(
      InvalidAppendError,
    );
  });

  it.skipIf(!ctx.heavy)(
    'streams 100,000 events in global order with a small batch size',
    async () => {
      const store = ctx.store();
      const total = 100_000;
      const perAppend = 5_000;
      const prefix = uniqueId('bulk');
      for (let start = 0; start < total; start += perAppend) {
        const events: NewEvent[] = Array.from({ length: perAppend }, (_, i) => ({
          id: `${prefix}-${start + i}`,
          type: 'Bulk',
          data: { n: start + i },
        }));
        // Alternate between streams so the global order interleaves them.
        await store.append({
          streamId: `${prefix}-stream-${(start / perAppend) % 3}`,
          expectedVersion: 'any',
          events,
        });
      }
      let count = 0;
      let previous: bigint | undefined;
      let middle: string | undefined;
      for await (const event of store.readAll({ batchSize: 250 })) {
        if (event.id !== `${prefix}-${count}`) throw new Error(`Event ${count} is ${event.id}.`);
        if (previous !== undefined && event.position <= previous)
          throw new Error(`Position went back at ${count}.`);
        previous = event.position;
        count += 1;
        if (count === total / 2) middle = event.checkpoint;
      }
      expect(count).toBe(total);
      let rest = 0;
      for await (const event of store.readAll({ after: middle!, batchSize: 1_000 })) {
        if (rest === 0) expect(event.id).toBe(`${prefix}-${total / 2}`);
        rest += 1;
      }
      expect(rest).toBe(total / 2);
    },
    180_000,
  );
}
