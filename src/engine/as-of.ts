/**
 * Reads as of a past moment, the one place that says what "as of" means: a global position, or the
 * time the fact itself carries. A transaction is replayed from its stream up to there; the views are
 * rebuilt up to there into a scratch view store (cost grows with the log: meant for audits).
 */
import type { Model } from '../model/model.ts';
import { isFactEvent, toFact } from './fact-events.ts';
import type { EventStore, RecordedEvent } from './ports/event-store.ts';
import type { ViewStore } from './ports/view-store.ts';
import { builtinProjection } from './views/builtin-projection.ts';
import { modelViewProjection } from './views/model-view-projection.ts';
import { applyBatch } from './views/projection-runner.ts';
import { ViewQueries } from './views/view-queries.ts';
import { tunables } from '../tunables.ts';

/** Where a read stops in the past: a global position or a time. */
export type AsOf = { readonly position: bigint } | { readonly time: string };

const replayBatch = tunables.views.asOfBatchSize;

/** Parses a past moment: a global position (digits) or an ISO 8601 date or time; undefined otherwise (pure). */
export function parseAsOf(text: string): AsOf | undefined {
  if (/^\d{1,19}$/.test(text)) return { position: BigInt(text) };
  const isoLike = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
  const time = Date.parse(text);
  if (!isoLike.test(text) || Number.isNaN(time)) return undefined;
  return { time: new Date(time).toISOString() };
}

/** Whether an event lies at or before a past moment: by position, or by the fact's own time (pure). */
export function within(event: RecordedEvent, asOf: AsOf): boolean {
  if ('position' in asOf) return event.position <= asOf.position;
  const stamped = event.metadata.time;
  const time = isFactEvent(event)
    ? toFact(event).time
    : typeof stamped === 'string'
      ? stamped
      : event.recordedAt;
  return time <= asOf.time;
}

/**
 * The leading events of one stream that lie within a past moment (pure). A stream's events are in
 * order of both position and time, so the first one past the moment ends what it held then.
 */
export function streamAsOf(
  events: readonly RecordedEvent[],
  asOf: AsOf | undefined,
): readonly RecordedEvent[] {
  if (asOf === undefined) return events;
  const end = events.findIndex((event) => !within(event, asOf));
  return end < 0 ? events : events.slice(0, end);
}

/**
 * The built-in views and the model's own views as they stood at a past moment: the log is replayed up
 * to there into `scratch`, e.g. an in-memory view store.
 */
export async function viewsAsOf(
  model: Model,
  store: EventStore,
  asOf: AsOf,
  scratch: ViewStore,
): Promise<ViewQueries> {
  const projections = [builtinProjection(model), ...(model.views ?? []).map(modelViewProjection)];
  let batch: RecordedEvent[] = [];
  const flush = async (): Promise<void> => {
    for (const projection of projections) await applyBatch(scratch, projection, batch);
    batch = [];
  };
  for await (const event of store.readAll({ batchSize: replayBatch })) {
    // Not `break`: on PostgreSQL positions follow commit order only per stream.
    if (!within(event, asOf)) continue;
    batch.push(event);
    if (batch.length >= replayBatch) await flush();
  }
  await flush();
  return new ViewQueries(scratch);
}
