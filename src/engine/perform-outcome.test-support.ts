/**
 * The engine under test and the two outcomes its tests expect of an act: performed, or refused
 * with a typed refusal that appends nothing.
 */
import { expect } from 'vitest';
import type { ProtocolError, ProtocolErrorCode } from '../core/index.ts';
import type { Model } from '../model/index.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { createEngine, type Engine } from './engine.ts';
import type { Performed } from './perform.ts';
import type { PerformInput } from './perform-input.ts';
import type { EventStore, RecordedEvent } from './ports/event-store.ts';

/** A clock that starts at `start` and moves on a second each time it is read. */
export function tickingClock(start = Date.UTC(2026, 0, 1)): () => Date {
  let tick = 0;
  return () => new Date(start + (tick += 1) * 1000);
}

/** Counted ids, `prefix-1`, `prefix-2`, …, zero-padded to `width` digits so that they sort as counted. */
export function countedIds(width = 0): (prefix: string) => string {
  let id = 0;
  return (prefix) => `${prefix}-${String((id += 1)).padStart(width, '0')}`;
}

/** An engine on a fresh memory store, with a clock that ticks a second an act and counted ids. */
export function testEngine(model: Model): { engine: Engine; store: EventStore } {
  const store = memoryEventStore();
  const engine = createEngine({ model, store, now: tickingClock(), newId: countedIds() });
  return { engine, store };
}

/** Every event of the store's log, in order. */
export async function readLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

/** The head of the log and the ids of its events: equal before and after when nothing was appended. */
export async function logShape(store: EventStore): Promise<unknown> {
  return { head: await store.head(), ids: (await readLog(store)).map((e) => e.id) };
}

/** Performs an act that must succeed, on an engine or a Factum. */
export async function done(
  engine: Pick<Engine, 'perform'>,
  input: PerformInput,
): Promise<Performed> {
  const result = await engine.perform(input);
  if (!result.ok) throw new Error(`${input.act} refused: ${result.error.message}`);
  return result.value;
}

/** Requests a transaction of `kind` as a child of `parent`, which must succeed. */
export async function requestChild(
  engine: Engine,
  kind: string,
  performer: PerformInput['performer'],
  parent: string,
): Promise<Performed> {
  return done(engine, { kind, act: 'request', performer, parent });
}

/** Performs an act sent again, which must succeed as a duplicate: it checks that nothing was appended. */
export async function resent(engine: Engine, input: PerformInput): Promise<Performed> {
  const before = await logShape(engine.store);
  const again = await done(engine, input);
  expect(await logShape(engine.store)).toEqual(before);
  return again;
}

/** Performs an act that must be refused with `code` and a message, and checks that nothing was appended. */
export async function refused<C extends ProtocolErrorCode>(
  engine: Engine,
  input: PerformInput,
  code: C,
): Promise<Extract<ProtocolError, { code: C }>> {
  const before = await logShape(engine.store);
  const result = await engine.perform(input);
  expect(await logShape(engine.store)).toEqual(before);
  if (result.ok) throw new Error(`expected ${code}, but ${input.act} was performed`);
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(0);
  return result.error as Extract<ProtocolError, { code: C }>;
}
