/**
 * Fencing of view commits, shared by the stores that check it in one synchronous step (memory,
 * SQLite): each batch's lease token is compared with the lease's current one, and its expected
 * checkpoint with where its projection stands, the earlier batches of the same commit counted,
 * before anything is written.
 */
import type { Checkpoint } from '../../engine/ports/event-store.ts';
import { LeaseLostError } from '../../engine/ports/leases.ts';
import { CheckpointConflictError } from '../../engine/ports/store-errors.ts';
import type { ProjectionCommit } from '../../engine/ports/view-store.ts';

/**
 * Throws LeaseLostError for the first batch made under a lease whose token is no longer
 * `currentToken`'s (when the store keeps leases), and CheckpointConflictError for the first batch
 * whose `expected` checkpoint differs from its projection's, as `stored` reports it and as the
 * commit's earlier batches move it (pure given `stored` and `currentToken`).
 */
export function checkExpectedCheckpoints(
  batches: readonly ProjectionCommit[],
  stored: (projection: string) => Checkpoint | null,
  currentToken?: (lease: string) => bigint | undefined,
): void {
  const moved = new Map<string, Checkpoint>();
  for (const batch of batches) {
    if (batch.checkpoint === undefined) continue;
    if (batch.lease !== undefined && currentToken !== undefined) {
      if (currentToken(batch.lease.name) !== batch.lease.token)
        throw new LeaseLostError(batch.lease.name, batch.lease.token);
    }
    if (batch.expected !== undefined) {
      const actual = moved.get(batch.projection) ?? stored(batch.projection);
      const expected = batch.expected?.checkpoint ?? null;
      if (actual !== expected)
        throw new CheckpointConflictError(batch.projection, expected, actual);
    }
    moved.set(batch.projection, batch.checkpoint);
  }
}
