/**
 * What each group of contract cases gets from the suite: the store under test and a way to make
 * more, plus small helpers the cases share. Used only by the contract suite.
 */
import type { EventStore, NewEvent, RecordedEvent } from '../../engine/ports/event-store.ts';
import type { JsonObject, JsonValue } from '../../core/index.ts';

/** Makes a store for one test; `cleanup` runs after the suite has closed the store. */
export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup?: () => Promise<void> }>;

/** The store of the running test, and fresh ones for property runs. */
export interface ContractContext {
  /** The store made for the running test (closed and cleaned up after it). */
  readonly store: () => EventStore;
  /** Runs `body` with a store of its own, closed and cleaned up afterwards. */
  readonly withFreshStore: <T>(body: (store: EventStore) => Promise<T>) => Promise<T>;
  /** Whether the heavy cases (100k events, more property runs) are on. */
  readonly heavy: boolean;
  /** Whether positions increase along the whole log, not only along each stream. */
  readonly positionsFollowLogOrder: boolean;
}

let counter = 0;

/** Makes a unique id with a prefix, so tests never collide on event ids (effectful: a counter). */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}`;
}

/** Builds a new event with a unique id unless one is given (effectful: a counter). */
export function newEvent(
  type = 'Tested',
  data: JsonValue = {},
  extra: { readonly id?: string; readonly metadata?: JsonObject } = {},
): NewEvent {
  return {
    id: extra.id ?? uniqueId('ev'),
    type,
    data,
    ...(extra.metadata ? { metadata: extra.metadata } : {}),
  };
}

/** Builds `count` new events with unique ids (effectful: a counter). */
export function newEvents(count: number, type = 'Tested'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}

/** Drains an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Reads the whole log's event ids in global order. */
export async function allIds(store: EventStore): Promise<string[]> {
  return (await collect(store.readAll())).map((event) => event.id);
}

/** Waits until `condition` holds, polling, or throws after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await sleep(5);
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Asserts-style check that positions strictly increase along a list of events; returns the first offending index or -1. */
export function firstOutOfOrder(events: readonly RecordedEvent[]): number {
  for (let i = 1; i < events.length; i += 1) {
    const previous = events[i - 1];
    const current = events[i];
    if (previous === undefined || current === undefined || current.position <= previous.position)
      return i;
  }
  return -1;
}
