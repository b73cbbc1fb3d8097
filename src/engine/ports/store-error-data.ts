/**
 * A store error as plain data and back, for errors that cross a thread: the typed errors of the
 * store port keep their class (ConcurrencyError, DuplicateEventError, …) on the other side.
 */
import type { ExpectedVersion } from './event-store.ts';
import {
  ConcurrencyError,
  DuplicateEventError,
  InvalidAppendError,
  StoreUnavailableError,
} from './store-errors.ts';

/** What of an error crosses a thread. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly streamId?: string;
  readonly eventId?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
}

/** A thrown value as plain data (pure). */
export function errorData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error &
    Partial<Record<'code' | 'streamId' | 'eventId', string>> & {
      expected?: unknown;
      actual?: unknown;
    };
  return {
    name: error.name,
    message: error.message,
    ...(fields.code === undefined ? {} : { code: fields.code }),
    ...(fields.streamId === undefined ? {} : { streamId: fields.streamId }),
    ...(fields.eventId === undefined ? {} : { eventId: fields.eventId }),
    ...(fields.expected === undefined ? {} : { expected: fields.expected }),
    ...(fields.actual === undefined ? {} : { actual: fields.actual }),
  };
}

/** The data of an error back as an Error with its name and code, whatever its class was (pure). */
function plainError(data: ErrorData): Error {
  return Object.assign(new Error(data.message), { name: data.name, code: data.code });
}

/** The data of an error back as the store port's class it was thrown as, else a plain error (pure). */
export function storeErrorFrom(data: ErrorData): Error {
  switch (data.code) {
    case 'CONCURRENCY_CONFLICT':
      if (data.streamId === undefined) break;
      return new ConcurrencyError(
        data.streamId,
        data.expected as ExpectedVersion,
        data.actual as number | 'no_stream',
      );
    case 'DUPLICATE_EVENT':
      if (data.eventId === undefined) break;
      return new DuplicateEventError(data.eventId);
    case 'STORE_UNAVAILABLE':
      return new StoreUnavailableError(data.message);
    case 'INVALID_APPEND':
      return new InvalidAppendError(data.message);
  }
  return plainError(data);
}
