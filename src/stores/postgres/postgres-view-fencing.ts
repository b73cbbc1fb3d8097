/**
 * Fencing of PostgreSQL view commits: inside the commit's transaction, each batch's lease token is
 * compared with the lease's row, read with a share lock so that no other process can take the
 * lease over until the commit ends (or, if one did first, the commit sees the new token and
 * writes nothing). Then each batch's expected
 * checkpoint is compared with its projection's row, locked (`select … for update`) or, when the
 * batch expects none, claimed (`insert … on conflict do nothing`) until the transaction ends. Of two
 * commits from the same checkpoint the second waits for the first, then sees it moved.
 */
import type pg from 'pg';
import type { Checkpoint } from '../../engine/ports/event-store.ts';
import { LeaseLostError } from '../../engine/ports/leases.ts';
import { CheckpointConflictError } from '../../engine/ports/store-errors.ts';
import type { ProjectionCommit } from '../../engine/ports/view-store.ts';
import { query } from './pg-session.ts';

/**
 * Throws LeaseLostError at the first batch whose lease token is not the lease's current one, and
 * CheckpointConflictError at the first batch whose expected checkpoint is not its projection's
 * (the earlier batches of the commit counted), so the transaction rolls back (impure).
 */
export async function fenceCommit(
  client: pg.PoolClient,
  checkpoints: string,
  batches: readonly ProjectionCommit[],
  leases?: string,
): Promise<void> {
  const moved = new Map<string, Checkpoint>();
  for (const batch of batches) {
    if (batch.checkpoint === undefined) continue;
    if (batch.lease !== undefined && leases !== undefined) {
      const [lease] = await query<{ token: string }>(
        client,
        `select token from ${leases} where name = $1::text for share`,
        [batch.lease.name],
      );
      if (lease === undefined || BigInt(lease.token) !== batch.lease.token)
        throw new LeaseLostError(batch.lease.name, batch.lease.token);
    }
    if (batch.expected !== undefined) {
      const expected = batch.expected?.checkpoint ?? null;
      const actual =
        moved.get(batch.projection) ??
        (expected === null
          ? await claimCheckpoint(client, checkpoints, batch)
          : await lockCheckpoint(client, checkpoints, batch.projection));
      if (actual !== expected)
        throw new CheckpointConflictError(batch.projection, expected, actual);
    }
    moved.set(batch.projection, batch.checkpoint);
  }
}

/** The projection's checkpoint, its row locked against other commits until this one ends. */
async function lockCheckpoint(
  client: pg.PoolClient,
  checkpoints: string,
  projection: string,
): Promise<Checkpoint | null> {
  const [record] = await query<{ checkpoint: string }>(
    client,
    `select checkpoint from ${checkpoints} where projection = $1::text for update`,
    [projection],
  );
  return record?.checkpoint ?? null;
}

/**
 * Inserts the batch's checkpoint row when its projection has none, returning null; otherwise
 * returns the stored checkpoint. A concurrent commit inserting the same row waits for this one,
 * then finds the row: only one of them sees none.
 */
async function claimCheckpoint(
  client: pg.PoolClient,
  checkpoints: string,
  batch: ProjectionCommit & { readonly checkpoint: Checkpoint },
): Promise<Checkpoint | null> {
  for (;;) {
    const inserted = await query(
      client,
      `insert into ${checkpoints} (projection, checkpoint, position, updated_at)
       values ($1::text, $2::text, $3::numeric, now())
       on conflict (projection) do nothing returning projection`,
      [batch.projection, batch.checkpoint, batch.position.toString()],
    );
    if (inserted.length > 0) return null;
    const stored = await lockCheckpoint(client, checkpoints, batch.projection);
    // Null only when a reset deleted the row in between: claim it again.
    if (stored !== null) return stored;
  }
}
