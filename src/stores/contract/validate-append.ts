/**
 * The input rules every store applies before touching its log, so that an invalid append writes
 * nothing on any adapter and fails the same way everywhere.
 */
import type { AppendOptions, StreamAppend } from '../../engine/ports/event-store.ts';
import { InvalidAppendError } from '../../engine/ports/store-errors.ts';

/**
 * Checks an append request and returns its parts as an array, or throws InvalidAppendError (pure).
 *
 * Refused: no parts, a part without events, an empty stream id, event id or type, a stream named
 * twice, an event id used twice in the request, an expected version that is not 'no_stream',
 * 'stream_exists', 'any' or a non-negative integer, and an empty idempotency key.
 */
export function validateAppend(
  parts: StreamAppend | readonly StreamAppend[],
  options: AppendOptions = {},
): readonly StreamAppend[] {
  const list: readonly StreamAppend[] = isPartList(parts) ? parts : [parts];
  if (list.length === 0) throw new InvalidAppendError('An append needs at least one stream.');
  if (options.idempotencyKey !== undefined && !isNonEmptyString(options.idempotencyKey)) {
    throw new InvalidAppendError('The idempotency key must be a non-empty string.');
  }
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const part of list) {
    if (!isNonEmptyString(part.streamId))
      throw new InvalidAppendError('A stream id must be a non-empty string.');
    if (streams.has(part.streamId)) {
      throw new InvalidAppendError(`Stream '${part.streamId}' appears twice in one append.`);
    }
    streams.add(part.streamId);
    if (!isExpectedVersion(part.expectedVersion)) {
      throw new InvalidAppendError(
        `Stream '${part.streamId}': expected version must be 'no_stream', 'stream_exists', 'any' or a non-negative integer.`,
      );
    }
    if (!isList(part.events) || part.events.length === 0) {
      throw new InvalidAppendError(
        `Stream '${part.streamId}': an append needs at least one event.`,
      );
    }
    for (const event of part.events) {
      if (!isNonEmptyString(event.id))
        throw new InvalidAppendError('An event id must be a non-empty string.');
      if (!isNonEmptyString(event.type)) {
        throw new InvalidAppendError(`Event '${event.id}': the type must be a non-empty string.`);
      }
      if (event.data === undefined)
        throw new InvalidAppendError(`Event '${event.id}': data is missing.`);
      if (ids.has(event.id))
        throw new InvalidAppendError(`Event id '${event.id}' appears twice in one append.`);
      ids.add(event.id);
    }
  }
  return list;
}

function isPartList(
  parts: StreamAppend | readonly StreamAppend[],
): parts is readonly StreamAppend[] {
  return Array.isArray(parts);
}

/** Not a type guard on purpose: narrowing a typed list with Array.isArray would widen it to any[]. */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isExpectedVersion(value: unknown): boolean {
  if (value === 'no_stream' || value === 'stream_exists' || value === 'any') return true;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
