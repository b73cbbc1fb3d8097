/**
 * Checkpoints for stores whose global order is a gap-free-or-not increasing integer position
 * (memory, SQLite): the checkpoint is the position written in decimal.
 */
import type { Checkpoint } from '../../engine/ports/event-store.ts';
import { InvalidAppendError } from '../../engine/ports/store-errors.ts';

/** Writes a position as its checkpoint (pure). */
export function positionCheckpoint(position: bigint): Checkpoint {
  return position.toString(10);
}

/** Reads a position back from a checkpoint, or throws InvalidAppendError for anything else (pure). */
export function parsePositionCheckpoint(checkpoint: Checkpoint): bigint {
  if (typeof checkpoint !== 'string' || !/^(0|[1-9][0-9]{0,18})$/.test(checkpoint)) {
    throw new InvalidAppendError(
      `${JSON.stringify(checkpoint)} is not a checkpoint of this store.`,
    );
  }
  return BigInt(checkpoint);
}

/** Whether a subscription that delivered up to `delivered` has reached `target` (pure). */
export function positionReached(delivered: Checkpoint | undefined, target: Checkpoint): boolean {
  return (
    delivered !== undefined && parsePositionCheckpoint(delivered) >= parsePositionCheckpoint(target)
  );
}
