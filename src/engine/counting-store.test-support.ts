/** A store wrapper for tests that counts the events handed out through readStream. */
import { forwardingStore } from './forwarding-store.test-support.ts';
import type { EventStore } from './ports/event-store.ts';

/** Wraps a store; `read()` tells how many events readStream has returned so far. */
export function countingReads(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped = forwardingStore(store, {
    readStream: async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      read += events.length;
      return events;
    },
  });
  return { store: wrapped, read: () => read };
}
