/** A store for tests that forwards every call to another store, but for the calls it replaces. */
import type { EventStore } from './ports/event-store.ts';

/**
 * A plain EventStore over `inner`: each member of the port forwards to it (`appendBatch` and
 * `batchesInFlight` only when `over` gives them), except those `over` replaces.
 */
export function forwardingStore(inner: EventStore, over: Partial<EventStore> = {}): EventStore {
  return {
    append: (parts, options) => inner.append(parts, options),
    readStream: (streamId, options) => inner.readStream(streamId, options),
    stream: (streamId) => inner.stream(streamId),
    readAll: (options) => inner.readAll(options),
    subscribe: (options) => inner.subscribe(options),
    head: () => inner.head(),
    close: () => inner.close(),
    ...over,
  };
}
