/**
 * The commit that ends a batch read from the log: what the batch changed, and the checkpoint of its
 * last event. Projections, agents and the outbox relay each end their batches with one.
 */
import type { RecordedEvent } from '../ports/event-store.ts';
import type { LeaseFence } from '../ports/leases.ts';
import type { ExpectedCheckpoint, ProjectionCommit, RowChange } from '../ports/view-store.ts';

/**
 * The commit of a batch whose last event is `last` (pure). With `expected` (the checkpoint the batch
 * started from, `null` for none) the store fences it on that checkpoint; with `lease`, on the lease.
 */
export function batchCommit(
  projection: string,
  last: RecordedEvent,
  changes: readonly RowChange[],
  expected?: ExpectedCheckpoint | null,
  lease?: LeaseFence,
): ProjectionCommit {
  return {
    projection,
    checkpoint: last.checkpoint,
    position: last.position,
    changes,
    ...(expected === undefined ? {} : { expected }),
    ...(lease === undefined ? {} : { lease }),
  };
}
