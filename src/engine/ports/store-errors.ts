/**
 * Infrastructure failures of a store: thrown `Error` subclasses with a stable `code`, the driver's
 * error as `cause`. One mapper at the HTTP edge turns them into problem+json.
 */
import type { Checkpoint, ExpectedVersion } from './event-store.ts';

/** An append's expected version did not match the stream: nothing was written. */
export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no_stream',
    options?: ErrorOptions,
  ) {
    super(
      `Stream '${streamId}' expected at ${String(expected)} but is at ${String(actual)}.`,
      options,
    );
    this.name = 'ConcurrencyError';
  }
}

/** An event id was already used by another append (idempotency key absent or different). */
export class DuplicateEventError extends Error {
  readonly code = 'DUPLICATE_EVENT';
  constructor(
    readonly eventId: string,
    options?: ErrorOptions,
  ) {
    super(`Event id '${eventId}' is already in the log.`, options);
    this.name = 'DuplicateEventError';
  }
}

/** The store cannot be reached or is not accepting writes (database down, file locked, read-only, disk full). */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** A request the store cannot carry out as given (bad stream id, empty append, bad checkpoint). */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidAppendError';
  }
}

/**
 * A view commit's expected checkpoint did not match the projection's stored one: another runner
 * moved it (or a reset or swap did). Nothing was written; the runner resumes from the stored one.
 */
export class CheckpointConflictError extends Error {
  readonly code = 'CHECKPOINT_CONFLICT';
  constructor(
    readonly projection: string,
    /** The checkpoint the batch started from; `null` when it expected none. */
    readonly expected: Checkpoint | null,
    /** The checkpoint stored when the commit ran; `null` when there was none. */
    readonly actual: Checkpoint | null,
    options?: ErrorOptions,
  ) {
    super(
      `Projection '${projection}' expected at checkpoint ${describe(expected)} but is at ${describe(actual)}.`,
      options,
    );
    this.name = 'CheckpointConflictError';
  }
}

function describe(checkpoint: Checkpoint | null): string {
  return checkpoint === null ? 'none' : `'${checkpoint}'`;
}
