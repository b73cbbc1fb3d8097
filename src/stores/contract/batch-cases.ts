/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Contract cases for group commit (`appendBatch`, optional): each append of a batch is all or
 * nothing on its own and answered on its own; one failing append takes nothing else with it.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { AppendRequest, AppendResult } from '../../engine/ports/event-store.ts';
import { ConcurrencyError, InvalidAppendError } from '../../engine/ports/store-errors.ts';
import type { ContractContext } from './contract-context.ts';
import { allIds, collect, newEvent, newEvents, uniqueId } from './contract-context.ts';

/** Registers the group-commit cases (skipped for stores without `appendBatch`). */
export function batchCases(ctx: ContractContext): void {
  batchPropertyCases(ctx);
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

/** One append of a generated batch, over small pools of streams, event ids and keys. */
interface BatchAppendSpec {
  readonly parts: readonly {
    readonly stream: number;
    readonly expected: 'any' | 'no_stream' | 'stream_exists' | number;
    readonly events: readonly number[];
  }[];
  readonly key: number | undefined;
}

const batchAppendArbitrary: fc.Arbitrary<BatchAppendSpec> = fc.record({
  parts: fc.uniqueArray(
    fc.record({
      stream: fc.integer({ min: 0, max: 2 }),
      expected: fc.oneof(
        fc.constantFrom('any' as const, 'no_stream' as const, 'stream_exists' as const),
        fc.integer({ min: 0, max: 3 }),
      ),
      events: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 2, selector: (part) => part.stream },
  ),
  key: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
});

/** The requests of a spec under a prefix, so that each run and each way of appending is apart. */
function toRequests(specs: readonly BatchAppendSpec[], prefix: string): AppendRequest[] {
  return specs.map((spec) => {
    // An event id used twice within one append is refused before the store: keep those apart.
    const ids = new Set<string>();
    const parts = spec.parts.map((part) => {
      const fresh = part.events.map((e) => `${prefix}-e${e}`).filter((id) => !ids.has(id));
      for (const id of fresh) ids.add(id);
      return {
        streamId: `${prefix}-s${part.stream}`,
        expectedVersion: part.expected,
        events: fresh.map((id) => ({ id, type: 'Tested', data: {} })),
      };
    });
    return {
      parts: parts.filter((part) => part.events.length > 0),
      ...(spec.key === undefined ? {} : { options: { idempotencyKey: `${prefix}-k${spec.key}` } }),
    };
  });
}

/** An answer as it can be compared across prefixes: its kind, and a result's streams and versions. */
function comparable(answer: AppendResult | Error, prefix: string): unknown {
  if (answer instanceof Error) return answer.constructor.name;
  return {
    duplicate: answer.duplicate,
    streams: answer.streams.map((s) => [s.streamId.replace(prefix, ''), s.nextVersion]),
  };
}

/** Registers the property: a batch answers and writes what its appends made one by one would. */
function batchPropertyCases(ctx: ContractContext): void {
  it('answers and writes a batch as its appends made one by one would (property)', async () => {
    const store = ctx.store();
    if (store.appendBatch === undefined) return;
    const appendBatch = store.appendBatch.bind(store);
    await fc.assert(
      fc.asyncProperty(
        fc.array(batchAppendArbitrary, { maxLength: 3 }),
        fc.array(batchAppendArbitrary, { minLength: 1, maxLength: 8 }),
        async (before, batch) => {
          const run = uniqueId('run');
          const answers: Record<'one' | 'batch', unknown[]> = { one: [], batch: [] };
          for (const way of ['one', 'batch'] as const) {
            const prefix = `${run}-${way}`;
            for (const request of toRequests(before, prefix))
              await store.append(request.parts, request.options).catch(() => undefined);
            const requests = toRequests(batch, prefix);
            const results: (AppendResult | Error)[] = [];
            if (way === 'batch') results.push(...(await appendBatch(requests)));
            else {
              for (const request of requests) {
                results.push(
                  await store
                    .append(request.parts, request.options)
                    .catch((error: unknown) =>
                      error instanceof Error ? error : new Error(String(error)),
                    ),
                );
              }
            }
            answers[way] = results.map((answer) => comparable(answer, prefix));
          }
          expect(answers.batch).toEqual(answers.one);
          const log = async (way: string) =>
            (await collect(store.readAll()))
              .filter((event) => event.id.startsWith(`${run}-${way}-`))
              .map((event) => [
                event.streamId.replace(`${run}-${way}`, ''),
                event.version,
                event.id.replace(`${run}-${way}`, ''),
              ]);
          expect(await log('batch')).toEqual(await log('one'));
        },
      ),
      { numRuns: ctx.heavy ? 60 : 25 },
    );
  });
}
