/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Contract cases: concurrent appenders as a property (fast-check). Whatever the interleaving, the
 * log is exactly the union of acknowledged appends, positions strictly increase, no id repeats,
 * and each stream's versions run 1..n.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { EventStore, ExpectedVersion, StreamAppend } from '../../engine/ports/event-store.ts';
import { ConcurrencyError } from '../../engine/ports/store-errors.ts';
import type { ContractContext } from './contract-context.ts';
import { collect, newEvents, sleep, uniqueId } from './contract-context.ts';

interface WriterOp {
  readonly streams: readonly number[];
  readonly mode: 'any' | 'exact' | 'exists';
  readonly count: number;
  readonly pause: number;
}

const opArbitrary: fc.Arbitrary<WriterOp> = fc.record({
  streams: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }),
  mode: fc.constantFrom('any' as const, 'exact' as const, 'exists' as const),
  count: fc.integer({ min: 1, max: 3 }),
  pause: fc.constantFrom(0, 0, 1),
});

async function expectedFor(
  store: EventStore,
  streamId: string,
  mode: WriterOp['mode'],
): Promise<ExpectedVersion> {
  if (mode === 'any') return 'any';
  const version = (await store.stream(streamId))?.version;
  if (mode === 'exists') return version === undefined ? 'no_stream' : 'stream_exists';
  return version ?? 'no_stream';
}

async function runWriters(
  store: EventStore,
  writers: readonly (readonly WriterOp[])[],
  positionsFollowLogOrder: boolean,
): Promise<void> {
  const names = [0, 1, 2, 3].map((i) => uniqueId(`p${i}`));
  const acknowledged = new Map<string, bigint>();
  const refused = new Set<string>();

  await Promise.all(
    writers.map(async (ops) => {
      for (const op of ops) {
        for (let attempt = 0; attempt < 25; attempt += 1) {
          const parts: StreamAppend[] = [];
          for (const index of op.streams) {
            const streamId = names[index]!;
            parts.push({
              streamId,
              expectedVersion: await expectedFor(store, streamId, op.mode),
              events: newEvents(op.count),
            });
          }
          if (op.pause > 0) await sleep(op.pause);
          try {
            const result = await store.append(parts);
            result.streams.forEach((streamResult, p) => {
              expect(streamResult.streamId).toBe(parts[p]!.streamId);
              parts[p]!.events.forEach((event, e) =>
                acknowledged.set(event.id, streamResult.positions[e]!),
              );
            });
            break;
          } catch (error) {
            if (!(error instanceof ConcurrencyError)) throw error;
            for (const part of parts) for (const event of part.events) refused.add(event.id);
          }
        }
      }
    }),
  );

  const all = await collect(store.readAll({ batchSize: 7 }));
  const seen = new Set<string>();
  const versions = new Map<string, number>();
  let previous: bigint | undefined;
  const streamPositions = new Map<string, bigint>();
  for (const event of all) {
    expect(seen.has(event.id), `id ${event.id} repeated`).toBe(false);
    seen.add(event.id);
    expect(refused.has(event.id), `refused ${event.id} written`).toBe(false);
    expect(acknowledged.get(event.id)).toBe(event.position);
    if (previous !== undefined && positionsFollowLogOrder)
      expect(event.position > previous).toBe(true);
    previous = event.position;
    const streamPrevious = streamPositions.get(event.streamId);
    if (streamPrevious !== undefined) expect(event.position > streamPrevious).toBe(true);
    streamPositions.set(event.streamId, event.position);
    const version = (versions.get(event.streamId) ?? 0) + 1;
    expect(event.version).toBe(version);
    versions.set(event.streamId, version);
  }
  expect(seen.size).toBe(acknowledged.size);
  for (const streamId of names) {
    const fromLog = all.filter((e) => e.streamId === streamId).map((e) => e.id);
    expect((await store.readStream(streamId)).map((e) => e.id)).toEqual(fromLog);
    expect((await store.stream(streamId))?.version).toBe(versions.get(streamId));
  }
}

/** Registers the concurrent-appenders property. */
export function concurrencyCases(ctx: ContractContext): void {
  it('concurrent appenders: the log is the union of acknowledged appends, in one consistent order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(opArbitrary, { minLength: 1, maxLength: 8 }), {
          minLength: 2,
          maxLength: 5,
        }),
        (writers) =>
          ctx.withFreshStore((store) => runWriters(store, writers, ctx.positionsFollowLogOrder)),
      ),
      { numRuns: ctx.heavy ? 30 : 10 },
    );
  }, 120_000);
}
