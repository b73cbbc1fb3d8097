/**
 * The heavy half of a rebuild: applies the whole log to a projection's shadow views, in batches
 * each committed with the shadow's checkpoint (fenced on the one before, so a rival rebuild makes
 * this one fail). It keeps three things busy at once: the next events are read while some are
 * applied, and a batch is applied while the one before commits; only the commits wait in turn.
 * The log is read a few events at a time, fewer than a batch commits, so that each event is
 * garbage before the heap's young generation is collected twice; what a batch keeps until it
 * commits is its rows, one per row written, not its events.
 */
import type { Checkpoint, EventStore, RecordedEvent } from '../ports/event-store.ts';
import type { ViewStore } from '../ports/view-store.ts';
import { tunables } from '../../tunables.ts';
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
  /** Events per commit. */
  readonly batchSize: number;
  /** Events read and applied at a time (default `tunables.views.rebuildReadSize`, at most `batchSize`). */
  readonly readSize?: number;
  readonly memory?: ShadowRowsOptions;
  /** Called after each committed batch with the events applied so far. */
  readonly onProgress?: (applied: number) => void;
}

/** A batch being applied: its rows so far, how many events it holds, and its last. */
interface Batch {
  readonly rows: BatchRows;
  events: number;
  last: RecordedEvent | undefined;
}

/** Applies the whole log to the shadow views; returns how many events it applied (impure). */
export async function buildShadow(build: ShadowBuild): Promise<number> {
  const { views, projection, batchSize } = build;
  const readSize = Math.max(
    1,
    Math.min(batchSize, build.readSize ?? tunables.views.rebuildReadSize),
  );
  const shadow = new ShadowRows(views, build.memory);
  const fresh = (): Batch => ({
    rows: new BatchRows(shadow, build.viewName),
    events: 0,
    last: undefined,
  });
  let applied = 0;
  let at: Checkpoint | null = null;
  // The commit in flight: the next batch is applied meanwhile, and commits only after it.
  let landing: Promise<void> = Promise.resolve();
  const commit = async ({ rows, events, last }: Batch): Promise<void> => {
    if (last === undefined) return;
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
        applied += events;
        build.onProgress?.(applied);
      });
    // A failed commit is reported by the `await landing` that follows, not as unhandled.
    landing.catch(() => undefined);
  };
  let batch = fresh();
  try {
    for await (const read of batchesAhead(build.store.readAll({ batchSize: readSize }), readSize)) {
      for (const event of read) {
        await projection.apply(event, batch.rows);
        batch.events += 1;
        batch.last = event;
        if (batch.events === batchSize) {
          await commit(batch);
          batch = fresh();
          // Stores that answer at once (SQLite) would otherwise run the whole rebuild in one turn
          // of the event loop: timers (lease renewals) and I/O (the HTTP server) run here between
          // commits.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    }
    await commit(batch);
    await landing;
  } finally {
    // Never leave a commit running behind a failure.
    await landing.catch(() => undefined);
  }
  return applied;
}
