/**
 * The optimistic-concurrency rule shared by every store: does a stream's current version satisfy
 * what the appender expected?
 */
import type { ExpectedVersion } from '../../engine/ports/event-store.ts';
import { ConcurrencyError } from '../../engine/ports/store-errors.ts';

/**
 * Throws ConcurrencyError when a stream at `actual` (undefined: the stream does not exist) does not
 * meet `expected`; a stream exists once it holds an event, so expected version 0 means no stream (pure).
 */
export function checkExpectedVersion(
  streamId: string,
  expected: ExpectedVersion,
  actual: number | undefined,
): void {
  const current = actual ?? 0;
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && current === 0) ||
    (expected === 'stream_exists' && current > 0) ||
    (typeof expected === 'number' && expected === current);
  if (!satisfied)
    throw new ConcurrencyError(streamId, expected, current === 0 ? 'no_stream' : current);
}
