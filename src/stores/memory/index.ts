/**
 * @module factum/stores/memory
 * The in-memory event store, for tests and demos.
 */
export { MemoryEventStore, memoryEventStore } from './memory-event-store.ts';
