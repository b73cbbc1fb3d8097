/**
 * PostgreSQL checkpoints: the pair (writing transaction's id, position). Positions come from a
 * sequence and commit out of order; the pair orders the log by commit-safe transaction id first, so
 * a reader that only reads below the oldest running transaction never skips a fact.
 */
import type { Checkpoint } from '../../engine/ports/event-store.ts';
import { InvalidAppendError } from '../../engine/ports/store-errors.ts';

/** A place in the PostgreSQL global order: xid8 of the writing transaction, then the position. */
export interface LogKey {
  readonly transactionId: bigint;
  readonly position: bigint;
}

/** The key before every event. */
export const LOG_START: LogKey = { transactionId: 0n, position: 0n };

/** Writes a log key as its checkpoint, `xid:position` (pure). */
export function formatCheckpoint(key: LogKey): Checkpoint {
  return `${key.transactionId.toString(10)}:${key.position.toString(10)}`;
}

/** Reads a log key back from a checkpoint, or throws InvalidAppendError for anything else (pure). */
export function parseCheckpoint(checkpoint: Checkpoint): LogKey {
  // Checked at run time too: checkpoints come back from clients and files.
  const text: unknown = checkpoint;
  const match =
    typeof text === 'string' ? /^(0|[1-9][0-9]{0,19}):(0|[1-9][0-9]{0,18})$/.exec(text) : null;
  if (match === null)
    throw new InvalidAppendError(`'${String(text)}' is not a checkpoint of the PostgreSQL store.`);
  return { transactionId: BigInt(match[1] ?? '0'), position: BigInt(match[2] ?? '0') };
}

/** Orders two log keys: negative, zero or positive like a comparator (pure). */
export function compareLogKeys(a: LogKey, b: LogKey): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return 0;
}
