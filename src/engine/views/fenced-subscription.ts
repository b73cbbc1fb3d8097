/**
 * A subscription that resumes from a projection's stored checkpoint and fences each commit on the
 * checkpoint its batch started from. Leases keep a projection or agent in one process, but two
 * runners may overlap briefly (a paused process whose lease expired): the store then refuses the
 * second commit from the same checkpoint with CheckpointConflictError, and this subscription stops
 * and starts again from the checkpoint the other runner stored. No batch is applied twice. Started
 * under a lease, it checks the lease before each batch and passes its token to the commit, which the
 * store refuses once another process has taken the lease over: a runner that lost its lease stops
 * (quietly: its supervisor knows) and commits nothing more. When the store becomes unavailable (a
 * database restart) it starts again the same way, with backoff.
 */
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '../ports/event-store.ts';
import { CheckpointConflictError, StoreUnavailableError } from '../ports/store-errors.ts';
import type { ExpectedCheckpoint, ViewStore } from '../ports/view-store.ts';
import type { Lease } from '../held-lease.ts';
import { LeaseLostError, type LeaseFence } from '../ports/leases.ts';

const initialBackoffMs = 100;
const maxBackoffMs = 5000;

/** A batch a fenced subscription hands over: never empty, with the fences its commit passes on. */
export interface FencedBatch {
  readonly events: readonly RecordedEvent[];
  /** The batch's last event: the checkpoint its commit moves to. */
  readonly last: RecordedEvent;
  /** The checkpoint the batch started from (`null` for none). */
  readonly expected: ExpectedCheckpoint | null;
  /** The fence of the lease the subscription runs under, if any. */
  readonly lease: LeaseFence | undefined;
}

/** What a fenced subscription follows, and what it does with each batch. */
export interface FencedSubscriptionOptions {
  readonly store: EventStore;
  readonly views: ViewStore;
  /** The projection (or agent) whose checkpoint it resumes from and moves. */
  readonly name: string;
  readonly batchSize?: number;
  /**
   * Applies a batch and commits it with its last checkpoint, passing `expected` and `lease` (the
   * fence of the lease it runs under, if any) to the commit; a CheckpointConflictError it throws
   * restarts the subscription, a LeaseLostError stops it.
   */
  readonly handle: (batch: FencedBatch) => Promise<void>;
  /** Any other failure: the subscription has stopped. */
  readonly onError: (error: unknown) => void;
}

/** Follows the log from a stored checkpoint, restarting from it whenever another runner moved it. */
export class FencedSubscription {
  readonly #options: FencedSubscriptionOptions;
  #subscription: Subscription | undefined;
  /** The checkpoint this runner last committed or loaded: where its next batch starts. */
  #at: Checkpoint | null = null;
  #wanted = false;
  /** The lease it runs under, when started under one. */
  #lease: Lease | undefined;
  #restarting: Promise<void> = Promise.resolve();
  #pendingRestart = false;
  /** Wait before the next attempt while the store is unavailable: doubles to 5 s, reset by a batch. */
  #backoffMs = initialBackoffMs;

  constructor(options: FencedSubscriptionOptions) {
    this.#options = options;
  }

  /** True while it follows the log (or is restarting to follow it again). */
  get running(): boolean {
    return this.#subscription !== undefined || this.#pendingRestart;
  }

  /**
   * Starts from the stored checkpoint, under `lease` when given; resolves once the subscription has
   * started (impure).
   */
  async start(lease?: Lease): Promise<void> {
    await this.#restarting;
    this.#lease = lease;
    if (this.#subscription !== undefined) return;
    this.#wanted = true;
    await this.#subscribe();
  }

  /** Resolves when every event in the log at call time has been applied, across restarts (impure). */
  async caughtUp(): Promise<void> {
    for (;;) {
      await this.#restarting;
      const subscription = this.#subscription;
      if (subscription === undefined) return;
      try {
        await subscription.caughtUp();
        return;
      } catch (error) {
        // Another runner moved the checkpoint: wait for the subscription that resumes from it.
        if (!(error instanceof CheckpointConflictError)) throw error;
      }
    }
  }

  /** Stops following the log, a restart in progress included (impure). */
  async stop(): Promise<void> {
    this.#wanted = false;
    await this.#restarting;
    const subscription = this.#subscription;
    this.#subscription = undefined;
    await subscription?.close();
  }

  async #subscribe(): Promise<void> {
    const stored = await this.#options.views.checkpoint(this.#options.name);
    if (!this.#wanted || this.#subscription !== undefined) return;
    this.#at = stored?.checkpoint ?? null;
    const subscription: Subscription = this.#options.store.subscribe({
      ...(stored === undefined ? {} : { after: stored.checkpoint }),
      ...(this.#options.batchSize === undefined ? {} : { batchSize: this.#options.batchSize }),
      handler: async (events) => {
        const last = events.at(-1);
        if (last === undefined) return;
        const from = this.#at;
        const lease = this.#lease;
        try {
          lease?.check();
          await this.#options.handle({
            events,
            last,
            expected: from === null ? null : { checkpoint: from },
            lease: lease?.fence,
          });
        } catch (error) {
          throw await this.#explain(error, from);
        }
        this.#at = last.checkpoint;
        this.#backoffMs = initialBackoffMs;
      },
      onError: (error) => {
        if (this.#subscription === subscription) this.#subscription = undefined;
        // The lease is lost: its supervisor stops this runner (and may start it again later).
        if (error instanceof LeaseLostError) {
          this.#wanted = false;
          void subscription.close().catch(() => undefined);
          return;
        }
        // Another runner moved the checkpoint, or the store went away (a database restart): start
        // again from the stored checkpoint — at once, or after a backoff while the store is down.
        const unavailable = error instanceof StoreUnavailableError;
        if ((error instanceof CheckpointConflictError || unavailable) && this.#wanted) {
          this.#pendingRestart = true;
          this.#restarting = this.#restart(subscription, unavailable);
          return;
        }
        this.#options.onError(error);
      },
    });
    this.#subscription = subscription;
  }

  /**
   * A batch that failed while another runner moved the checkpoint may have failed only because it
   * read that runner's newer rows (a fact that "cannot follow" a status it has not reached here):
   * it could not have committed anyway, so it is a conflict, and the restart resumes correctly.
   */
  async #explain(error: unknown, from: Checkpoint | null): Promise<unknown> {
    if (error instanceof CheckpointConflictError || error instanceof LeaseLostError) return error;
    // A batch that failed after the lease ran out failed because of that, whatever it met.
    if (this.#lease?.valid === false)
      return new LeaseLostError(this.#lease.grant.name, this.#lease.grant.token, { cause: error });
    let actual: Checkpoint | null;
    try {
      actual = (await this.#options.views.checkpoint(this.#options.name))?.checkpoint ?? null;
    } catch {
      return error;
    }
    return actual === from
      ? error
      : new CheckpointConflictError(this.#options.name, from, actual, { cause: error });
  }

  async #restart(stopped: Subscription, backOff: boolean): Promise<void> {
    try {
      await stopped.close().catch(() => undefined);
      for (let wait = backOff; ; wait = true) {
        if (wait) {
          await new Promise((resolve) => setTimeout(resolve, this.#backoffMs));
          this.#backoffMs = Math.min(this.#backoffMs * 2, maxBackoffMs);
        }
        if (!this.#wanted) return;
        try {
          await this.#subscribe();
          return;
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
        }
      }
    } catch (error) {
      this.#options.onError(error);
    } finally {
      this.#pendingRestart = false;
    }
  }
}
