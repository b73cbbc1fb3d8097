/**
 * View-store contract cases: fencing. A batch that says which checkpoint it started from commits
 * only while that is still the projection's checkpoint; otherwise the store throws
 * CheckpointConflictError and writes nothing, so of two runners racing from one checkpoint exactly
 * one applies its batch.
 */
import { expect, it } from 'vitest';
import type { Checkpoint } from '../../engine/ports/event-store.ts';
import { CheckpointConflictError } from '../../engine/ports/store-errors.ts';
import type { ProjectionCommit, RowChange, ViewStore } from '../../engine/ports/view-store.ts';
import type { ViewContractContext } from './view-store-context.ts';
import { batchAt, keysOf, put } from './view-store-context.ts';

/** A batch moving `projection` to `position`, fenced on `from` (null: it had no checkpoint) (pure). */
function fenced(
  projection: string,
  from: Checkpoint | null,
  position: bigint,
  changes: readonly RowChange[],
): ProjectionCommit {
  return {
    projection,
    checkpoint: `cp-${position.toString()}`,
    position,
    changes,
    expected: from === null ? null : { checkpoint: from },
  };
}

async function conflictOf(commit: Promise<void>): Promise<CheckpointConflictError> {
  const error: unknown = await commit.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  expect(error).toBeInstanceOf(CheckpointConflictError);
  return error as CheckpointConflictError;
}

/** Registers the fencing cases. */
export function viewFencingCases(ctx: ViewContractContext): void {
  it('commits a batch whose expected checkpoint is the stored one, none included', async () => {
    const views = ctx.views();
    await views.commit([fenced('p', null, 1n, [put('v', 'a', { n: 1 })])]);
    await views.commit([fenced('p', 'cp-1', 2n, [put('v', 'b', { n: 2 })])]);
    // Several batches of one projection in one commit: each starts where the one before ended.
    await views.commit([
      fenced('p', 'cp-2', 3n, [put('v', 'c', { n: 3 })]),
      fenced('p', 'cp-3', 4n, [put('v', 'd', { n: 4 })]),
    ]);
    expect(await keysOf(views, 'v')).toEqual(['a', 'b', 'c', 'd']);
    expect((await views.checkpoint('p'))?.checkpoint).toBe('cp-4');
    expect((await views.checkpoint('p'))?.position).toBe(4n);
  });

  it('refuses a batch from another checkpoint with CheckpointConflictError, writing nothing', async () => {
    const views = ctx.views();
    await views.commit([
      batchAt('p', 2n, [put('v', 'a', { n: 1 })]),
      batchAt('q', 5n, [put('w', 'x', { n: 1 })]),
    ]);
    const error = await conflictOf(
      views.commit([
        fenced('q', 'cp-5', 6n, [put('w', 'x', { n: 2 }), put('w', 'y', { n: 2 })]),
        fenced('p', 'cp-1', 3n, [put('v', 'a', { n: 2 }), put('v', 'b', { n: 2 })]),
      ]),
    );
    expect(error.code).toBe('CHECKPOINT_CONFLICT');
    expect(error.projection).toBe('p');
    expect(error.expected).toBe('cp-1');
    expect(error.actual).toBe('cp-2');
    // The whole commit is refused, the batch that matched included.
    expect((await views.query('v')).rows.map((row) => [row.key, row.row])).toEqual([
      ['a', { n: 1 }],
    ]);
    expect((await views.query('w')).rows.map((row) => [row.key, row.row])).toEqual([
      ['x', { n: 1 }],
    ]);
    expect((await views.checkpoint('p'))?.checkpoint).toBe('cp-2');
    expect((await views.checkpoint('q'))?.position).toBe(5n);
    // A batch of the same commit that moved the projection counts: this one starts from cp-1 again.
    await conflictOf(
      views.commit([fenced('p', 'cp-2', 3n, []), fenced('p', 'cp-2', 4n, [put('v', 'z', {})])]),
    );
    expect((await views.checkpoint('p'))?.checkpoint).toBe('cp-2');
    expect(await keysOf(views, 'v')).toEqual(['a']);
  });

  it('refuses an expectation of no checkpoint when there is one, and of one when there is none', async () => {
    const views = ctx.views();
    await views.commit([batchAt('p', 7n, [put('v', 'a', { n: 1 })])]);
    const none = await conflictOf(views.commit([fenced('p', null, 8n, [put('v', 'a', { n: 2 })])]));
    expect([none.expected, none.actual]).toEqual([null, 'cp-7']);
    const some = await conflictOf(views.commit([fenced('q', 'cp-7', 8n, [put('w', 'x', {})])]));
    expect([some.projection, some.expected, some.actual]).toEqual(['q', 'cp-7', null]);
    expect((await views.get('v', 'a'))?.row).toEqual({ n: 1 });
    expect((await views.checkpoint('p'))?.position).toBe(7n);
    expect(await views.checkpoint('q')).toBeUndefined();
    expect(await keysOf(views, 'w')).toEqual([]);
    // After a reset the projection has none again: a fenced batch from none commits.
    await views.reset('p', ['v']);
    await views.commit([fenced('p', null, 1n, [put('v', 'b', { n: 1 })])]);
    expect(await keysOf(views, 'v')).toEqual(['b']);
  });

  it('lets exactly one of concurrent commits from the same checkpoint win', async () => {
    const views = ctx.views();
    const contenders = ['a', 'b', 'c'];
    for (let round = 0; round < 4; round += 1) {
      const from = round === 0 ? null : `cp-${String(round)}`;
      const outcomes = await Promise.allSettled(
        contenders.map((name) =>
          views.commit([
            fenced('p', from, BigInt(round + 1), [
              put('runs', `${String(round)}-${name}`, { round }),
            ]),
          ]),
        ),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected')
          expect(outcome.reason).toBeInstanceOf(CheckpointConflictError);
      }
      const stored = await views.checkpoint('p');
      expect(stored?.checkpoint).toBe(`cp-${String(round + 1)}`);
      expect(stored?.position).toBe(BigInt(round + 1));
    }
    await expectOneRowPerRound(views, 4);
  });
}

async function expectOneRowPerRound(views: ViewStore, rounds: number): Promise<void> {
  const keys = await keysOf(views, 'runs');
  expect(keys).toHaveLength(rounds);
  expect(keys.map((key) => key.split('-')[0])).toEqual(
    Array.from({ length: rounds }, (_, round) => String(round)),
  );
}
