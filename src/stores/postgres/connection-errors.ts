/**
 * Tells a lost or refused connection (retry later) from every other database error, and turns the
 * former into StoreUnavailableError with the driver error as cause.
 */
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';

// Node socket errors and the client's own connection codes.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

// SQLSTATEs of a server going away or not accepting connections: class 08 (connection exception),
// admin/crash shutdown, cannot connect now (starting up or in recovery), too many connections.
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
];

/** True when the error means the server could not be reached or dropped the connection (pure). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof StoreUnavailableError) return true;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (CONNECTION_CODES.has(code) || SERVER_STATES.has(code) || code.startsWith('08'))
  ) {
    return true;
  }
  // node-postgres reports a dropped socket and a pool connect timeout by message only.
  if (CONNECTION_MESSAGES.some((message) => error.message.includes(message))) return true;
  // AggregateError from a multi-address connect (127.0.0.1 and ::1) wraps the socket errors.
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return false;
}

/** Returns StoreUnavailableError for a connection error, the error itself otherwise (pure). */
export function toStoreError(error: unknown, what: string): unknown {
  if (error instanceof StoreUnavailableError) return error;
  if (isConnectionError(error)) {
    return new StoreUnavailableError(`PostgreSQL is unavailable: ${what} failed.`, {
      cause: error,
    });
  }
  return error;
}
