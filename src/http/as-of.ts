/**
 * Reads as of a past moment: `?asOf=` is a global position (digits) or an ISO 8601 time; the views
 * are rebuilt up to there in a scratch view store (cost grows with the log: meant for audits).
 */
import type { Factum } from '../engine/factum.ts';
import type { EventStore, RecordedEvent } from '../engine/ports/event-store.ts';
import type { ViewStore } from '../engine/ports/view-store.ts';
import { builtinProjection } from '../engine/views/builtin-projection.ts';
import { modelViewProjection } from '../engine/views/model-view-projection.ts';
import { applyBatch } from '../engine/views/projection-runner.ts';
import {
  parseAsOf as parseAsOfText,
  ViewQueries,
  within,
  type AsOf,
} from '../engine/views/view-queries.ts';
import { fail } from './problem.ts';

/** Parses `?asOf=`: a position or an ISO time; a 400 problem for anything else. */
export function parseAsOf(text: string): AsOf {
  const asOf = parseAsOfText(text);
  if (asOf === undefined) {
    fail(400, 'InvalidAsOf', '`asOf` must be a log position (digits) or an ISO 8601 time.');
  }
  return asOf;
}

/** Whether an event lies at or before a past moment (pure). */
export const isWithin = within;

/** The built-in and model views as they stood at a past moment, rebuilt into `scratch`. */
export async function viewsAsOf(
  factum: Pick<Factum, 'model' | 'store'>,
  asOf: AsOf,
  scratch: ViewStore,
): Promise<ViewQueries> {
  const projections = [
    builtinProjection(factum.model),
    ...(factum.model.views ?? []).map(modelViewProjection),
  ];
  let batch: RecordedEvent[] = [];
  const flush = async (): Promise<void> => {
    for (const projection of projections) await applyBatch(scratch, projection, batch);
    batch = [];
  };
  const store: EventStore = factum.store;
  for await (const event of store.readAll({ batchSize: 1000 })) {
    // Not `break`: on PostgreSQL positions follow commit order only per stream.
    if (!isWithin(event, asOf)) continue;
    batch.push(event);
    if (batch.length >= 1000) await flush();
  }
  await flush();
  return new ViewQueries(scratch, store);
}
