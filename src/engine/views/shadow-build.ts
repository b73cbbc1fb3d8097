/**
 * The heavy half of a rebuild: applies the whole log to a projection's shadow views, in batches
 * each committed with the shadow's checkpoint (fenced on the one before, so a rival rebuild makes
 * this one fail). It keeps three things busy at once: the next batch is read while one is
 * applied, and a batch is applied while the one before commits; only the commits wait in turn.
 */
import type { Checkpoint, EventStore } from '../ports/event-store.ts';
import type { ViewStore } from '../ports/view-store.ts';
import { BatchRows } from './batch-rows.ts';
import { batchesAhead } from './batches-ahead.ts';
import type { Projection } from './projection.ts';
import { ShadowRows, type ShadowRowsOptions } from './shadow-rows.ts';

/** What to build and where. The shadow views and checkpoint must have been reset. */
export interface ShadowBuild {
  readonly store: EventStore;
  readonly views: ViewStore;
  readonly projection: Projection;
  /** A view of the projection's, as the shadow view it is written to. */
  readonly viewName: (view: string) => string;
  /** The shadow's checkpoint. */
  readonly projectionName: string;
  readonly batchSize: number;
  readonly memory?: ShadowRowsOptions;
  /** Called after each committed batch with the events applied so far. */
  readonly onProgress?: (applied: number) => void;
}

/** Applies the whole log to the shadow views; returns how many events it applied (impure). */
export async function buildShadow(build: ShadowBuild): Promise<number> {
  const { views, projection, batchSize } = build;
  const shadow = new ShadowRows(views, build.memory);
  let applied = 0;
  let at: Checkpoint | null = null;
  // The commit in flight: the next batch is applied meanwhile, and commits only after it.
  let landing: Promise<void> = Promise.resolve();
  try {
    for await (const batch of batchesAhead(build.store.readAll({ batchSize }), batchSize)) {
      const last = batch.at(-1);
      if (last === undefined) continue;
      const rows = new BatchRows(shadow, build.viewName);
      for (const event of batch) await projection.apply(event, rows);
      const changes = rows.changes();
      await landing;
      shadow.sent(rows.written());
      const expected = at === null ? null : { checkpoint: at };
      at = last.checkpoint;
      landing = views
        .commit([
          {
            projection: build.projectionName,
            checkpoint: last.checkpoint,
            position: last.position,
            changes,
            expected,
          },
        ])
        .then(() => {
          shadow.landed();
          applied += batch.length;
          build.onProgress?.(applied);
        });
      // A failed commit is reported by the `await landing` that follows, not as unhandled.
      landing.catch(() => undefined);
    }
    await landing;
  } finally {
    // Never leave a commit running behind a failure.
    await landing.catch(() => undefined);
  }
  return applied;
}
