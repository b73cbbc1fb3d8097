/** `--as-of`: a past moment given as a global log position or an ISO 8601 time. */
import type { AsOf } from '../engine/views/view-queries.ts';
import { isFactEvent, toFact } from '../engine/fact-events.ts';
import type { RecordedEvent } from '../engine/ports/event-store.ts';

/** Parses a position (digits) or an ISO 8601 date or time; undefined for anything else (pure). */
export function parseAsOf(text: string): AsOf | undefined {
  if (/^\d{1,19}$/.test(text)) return { position: BigInt(text) };
  const isoLike = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
  const time = Date.parse(text);
  if (!isoLike.test(text) || Number.isNaN(time)) return undefined;
  return { time: new Date(time).toISOString() };
}

/** Whether an event lies at or before a past moment: by position, or by the fact's time (pure). */
export function isWithin(event: RecordedEvent, asOf: AsOf | undefined): boolean {
  if (asOf === undefined) return true;
  if ('position' in asOf) return event.position <= asOf.position;
  const time = isFactEvent(event) ? toFact(event).time : event.recordedAt;
  return time <= asOf.time;
}
