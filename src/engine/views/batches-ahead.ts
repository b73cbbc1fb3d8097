/**
 * Cuts a stream of events into batches and reads the next batch while the caller works on the one
 * it was given: a rebuild then waits for the log only when applying and committing outran reading.
 */
import type { RecordedEvent } from '../ports/event-store.ts';

/** The events in batches of `size` (the last may be shorter), one batch read ahead (impure). */
export async function* batchesAhead(
  events: AsyncIterable<RecordedEvent>,
  size: number,
): AsyncGenerator<readonly RecordedEvent[]> {
  const iterator = events[Symbol.asyncIterator]();
  const take = (): Promise<RecordedEvent[]> => {
    const reading = (async () => {
      const batch: RecordedEvent[] = [];
      while (batch.length < size) {
        const next = await iterator.next();
        if (next.done === true) break;
        batch.push(next.value);
      }
      return batch;
    })();
    // A read failing while the caller is still busy is reported when the caller asks for it.
    reading.catch(() => undefined);
    return reading;
  };
  let ahead = take();
  try {
    for (;;) {
      const batch = await ahead;
      if (batch.length === 0) return;
      ahead = take();
      yield batch;
    }
  } finally {
    // Stopped early (the caller failed or broke off): let the read in flight end, then close the log.
    await ahead.catch(() => undefined);
    await iterator.return?.();
  }
}
