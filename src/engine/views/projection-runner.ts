/**
 * The view runner: feeds a projection from the log, catching up and then following live, and
 * commits each batch's rows with the checkpoint in one transaction. It reports progress and lag,
 * and rebuilds a projection from the start of the log in shadow views while the old rows keep
 * serving, then swaps them in.
 */
import type { EventStore, RecordedEvent } from '../ports/event-store.ts';
import type { ExpectedCheckpoint, ViewStore } from '../ports/view-store.ts';
import { batchCommit } from './batch-commit.ts';
import { BatchRows } from './batch-rows.ts';
import { FencedSubscription } from './fenced-subscription.ts';
import type { Lease } from '../held-lease.ts';
import type { LeaseFence } from '../ports/leases.ts';
import type { Projection } from './projection.ts';
import { buildShadow } from './shadow-build.ts';
import type { ShadowRowsOptions } from './shadow-rows.ts';
import { tunables } from '../../tunables.ts';

/** Where a projection stands. */
export interface ProjectionStatus {
  readonly projection: string;
  readonly position: bigint | null;
  /** Global position of the log's last event, when known. */
  readonly head: bigint | null;
  /** Events in the log not yet applied (an estimate from positions). */
  readonly lag: bigint;
  readonly running: boolean;
  readonly error?: string;
}

export interface ProjectionRunnerOptions {
  /** Events per batch, each committed in one transaction; a rebuild without one takes 1000. */
  readonly batchSize?: number;
  /** How much a rebuild remembers of the rows it wrote (bounded, whatever the log's length). */
  readonly rebuildMemory?: ShadowRowsOptions;
  /** Called after each committed batch. */
  readonly onCommit?: (projection: string, events: readonly RecordedEvent[]) => void;
  readonly onError?: (projection: string, error: unknown) => void;
}

const shadowSuffix = '@rebuild';

/**
 * Events per commit of a rebuild when no batch size is given: large enough to spread a commit's
 * fixed cost, small enough that a batch's objects die young and that reading, applying and
 * committing overlap even on a short log (1000 to 5000 measured alike on SQLite).
 */
const rebuildBatchSize = tunables.views.rebuildBatchSize;

/**
 * Applies a batch of events to a projection and commits rows and checkpoint together (impure).
 * With `expected` (the checkpoint the batch started from, `null` for none) the commit is fenced:
 * it throws CheckpointConflictError, writing nothing, when another runner has moved the checkpoint;
 * with `lease`, LeaseLostError when another process has taken the lease over.
 */
export async function applyBatch(
  views: ViewStore,
  projection: Projection,
  events: readonly RecordedEvent[],
  expected?: ExpectedCheckpoint | null,
  lease?: LeaseFence,
): Promise<void> {
  const last = events.at(-1);
  if (last === undefined) return;
  const rows = new BatchRows(views);
  for (const event of events) await projection.apply(event, rows);
  await views.commit([batchCommit(projection.name, last, rows.changes(), expected, lease)]);
}

/** Runs one projection: catch up, follow live, report, rebuild. */
export class ProjectionRunner {
  readonly #feed: FencedSubscription;
  #error: string | undefined;
  #lease: Lease | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly views: ViewStore,
    readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    // Each batch is fenced on the checkpoint it started from: a runner that overlaps another (a
    // paused process whose lease expired) restarts from the stored checkpoint instead of applying
    // a batch the other has applied.
    this.#feed = new FencedSubscription({
      store,
      views,
      name: projection.name,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      handle: async ({ events, expected, lease }) => {
        await applyBatch(views, projection, events, expected, lease);
        this.options.onCommit?.(projection.name, events);
      },
      onError: (error) => {
        this.#error = error instanceof Error ? error.message : String(error);
        this.options.onError?.(projection.name, error);
      },
    });
  }

  /**
   * Starts from the stored checkpoint, under `lease` when given (by default the lease it last ran
   * under); resolves once the subscription has started.
   */
  async start(lease: Lease | undefined = this.#lease): Promise<void> {
    this.#error = undefined;
    this.#lease = lease;
    await this.#feed.start(lease);
  }

  /** Resolves when every event in the log at call time has been applied. */
  async caughtUp(): Promise<void> {
    await this.#feed.caughtUp();
  }

  async stop(): Promise<void> {
    await this.#feed.stop();
  }

  /** The projection's position, the log's head and the lag between them. */
  async status(): Promise<ProjectionStatus> {
    const stored = await this.views.checkpoint(this.projection.name);
    const head = await headPosition(this.store);
    const position = stored?.position ?? null;
    const lag = head === null ? 0n : head - (position ?? 0n);
    return {
      projection: this.projection.name,
      position,
      head,
      lag: lag < 0n ? 0n : lag,
      running: this.#feed.running,
      ...(this.#error === undefined ? {} : { error: this.#error }),
    };
  }

  /**
   * Rebuilds the projection from the start of the log into shadow views while the live rows keep
   * serving, then swaps them in and resumes live from the rebuilt checkpoint.
   */
  async rebuild(onProgress?: (applied: number) => void): Promise<number> {
    const shadowName = `${this.projection.name}${shadowSuffix}`;
    const shadowView = (view: string): string => `${view}${shadowSuffix}`;
    const shadowViews = this.projection.views.map(shadowView);
    await this.views.reset(shadowName, shadowViews);
    const applied = await buildShadow({
      store: this.store,
      views: this.views,
      projection: this.projection,
      viewName: shadowView,
      projectionName: shadowName,
      batchSize: this.options.batchSize ?? rebuildBatchSize,
      ...(this.options.rebuildMemory === undefined ? {} : { memory: this.options.rebuildMemory }),
      ...(onProgress === undefined ? {} : { onProgress }),
    });
    const wasRunning = this.#feed.running;
    await this.stop();
    // Events appended since the shadow's last batch are applied by the live runner after the swap.
    await this.views.swap(
      { projection: this.projection.name, views: this.projection.views },
      { projection: shadowName, views: shadowViews },
    );
    if (wasRunning) await this.start();
    return applied;
  }
}

/** The global position of the log's last event, or null when the log is empty (effectful: asks the store). */
export async function headPosition(store: EventStore): Promise<bigint | null> {
  const head = await store.head();
  if (head === undefined) return null;
  const last = head.split(':').at(-1) ?? '0';
  return /^\d+$/.test(last) ? BigInt(last) : null;
}
