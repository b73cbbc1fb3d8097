/**
 * Deadlines as facts in the log: a rule that asks for an act at a later time, or a deadline rule,
 * schedules a timer (`TimerScheduled` in its own stream); when it is due the act is performed (or
 * the deadline rule assessed and performed) once and the timer is marked `TimerFired`. Timers survive restarts because they are events, and fire once because the
 * act's id and the `TimerFired` append are both idempotent.
 */
import type { Fact, JsonObject } from '../../core/index.ts';
import type { PerformInput } from '../perform-input.ts';
import type { RecordedEvent } from '../ports/event-store.ts';

/** The view holding the timers not yet fired, keyed so that keys sort by due time. */
export const timersView = 'timers';

/** The data of a scheduled timer. */
export interface TimerScheduled {
  readonly timerId: string;
  readonly due: string;
  readonly rule: string;
  /** The act to perform when due (a rule asked for it with `at`). */
  readonly act?: PerformInput;
  /** The fact a deadline rule answers: when due, the rule is assessed and performed on the facts then. */
  readonly fact?: Fact;
}

/** The stream of one timer (pure). */
export function timerStreamId(timerId: string): string {
  return `timer:${timerId}`;
}

/** True when the event belongs to a timer stream (pure). */
export function isTimerEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith('timer:');
}

/** The key of a timer's row: due time first, so a range read finds what is due (pure). */
export function timerKey(due: string, timerId: string): string {
  return `${due}|${timerId}`;
}

/** Reads a timer's schedule from its event (pure). */
export function timerOf(event: RecordedEvent): TimerScheduled {
  return event.data as unknown as TimerScheduled;
}

/** The event data of a scheduled timer (pure). */
export function timerData(timer: TimerScheduled): JsonObject {
  return timer as unknown as JsonObject;
}
