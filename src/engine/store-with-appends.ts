/**
 * An event store seen through other append functions: how the observer times appends and tracing
 * wraps them in spans, while every other member stays the store's own (its pool, its database
 * handle, …).
 */
import type { EventStore } from './ports/event-store.ts';

/** The store with `append` and `appendBatch` replaced by the given functions (pure). */
export function storeWithAppends<Store extends EventStore>(
  store: Store,
  append: EventStore['append'],
  appendBatch: EventStore['appendBatch'],
): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      if (property === 'appendBatch') return appendBatch;
      const value: unknown = Reflect.get(target, property, target);
      // Methods run on the store itself, so that its private fields are reachable.
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
