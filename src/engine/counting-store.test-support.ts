/** A store wrapper for tests that counts the events handed out through readStream. */
import type { EventStore } from './ports/event-store.ts';

/** Wraps a store; `read()` tells how many events readStream has returned so far. */
export function countingReads(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped: EventStore = {
    append: (parts, options) => store.append(parts, options),
    readStream: async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      read += events.length;
      return events;
    },
    stream: (streamId) => store.stream(streamId),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    head: () => store.head(),
    close: () => store.close(),
  };
  return { store: wrapped, read: () => read };
}
