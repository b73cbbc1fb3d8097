/**
 * The outbox relay: follows the log from a stored checkpoint and publishes each fact to a message
 * broker, then moves the checkpoint. The log is the outbox — a fact is durable before it is
 * published, so nothing appended is ever lost. Delivery is at least once: a crash between publish
 * and checkpoint sends the batch again, and the broker drops the repeats by message id (the fact's
 * id). The facts of one transaction are published one after the other, in log order; transactions
 * go side by side. While the broker is away the relay holds its one batch and retries with backoff,
 * so memory stays bounded by the batch size and the backlog stays in the log.
 */
import type { EventStore, RecordedEvent } from '../ports/event-store.ts';
import type { MessagePublisher, OutboundMessage } from '../ports/message-publisher.ts';
import type { ViewStore } from '../ports/view-store.ts';
import { batchCommit } from '../views/batch-commit.ts';
import { FencedSubscription, type FencedBatch } from '../views/fenced-subscription.ts';
import { addToLane, workLanes } from '../lanes.ts';
import type { Lease } from '../held-lease.ts';
import { headPosition } from '../views/projection-runner.ts';
import { tunables } from '../../tunables.ts';

const { initialBackoffMs, maxBackoffMs } = tunables.outbox;

export interface OutboxRelayOptions {
  /** Checkpoint and lease name (default `outbox:nats`). */
  readonly name?: string;
  /** Turns an event of the log into its message, or undefined for engine bookkeeping (pure). */
  readonly toMessage: (event: RecordedEvent) => OutboundMessage | undefined;
  /** Facts per batch: the most the relay holds in memory while the broker is away (default 256). */
  readonly batchSize?: number;
  /** Transactions published side by side within a batch (default 32). */
  readonly concurrency?: number;
  readonly onError?: (error: unknown) => void;
}

/** How far the relay is behind the log, and why, for health checks and metrics. */
export interface OutboxStatus {
  readonly name: string;
  readonly running: boolean;
  /** Position of the last published event (null: none yet). */
  readonly position: bigint | null;
  readonly head: bigint | null;
  readonly lag: bigint;
  /** Messages published since this process started (repeats included). */
  readonly published: number;
  /** Of those, repeats the broker already had and dropped by message id (after a crash or outage). */
  readonly duplicates: number;
  /** Failed publish attempts since this process started. */
  readonly failures: number;
  /** The last publish error, cleared by the next success. */
  readonly error?: string;
}

/** Raised inside a held batch when the relay is stopped while the broker is away. */
class RelayStopped extends Error {
  constructor() {
    super('The outbox relay was stopped before the broker came back.');
  }
}

/** Publishes the log's facts to a broker under a durable checkpoint (impure). */
export class OutboxRelay {
  readonly name: string;
  readonly #feed: FencedSubscription;
  #wanted = false;
  #lease: Lease | undefined;
  #published = 0;
  #duplicates = 0;
  #failures = 0;
  #error: string | undefined;
  /** Lanes waiting out a backoff: woken at once when the relay stops. */
  readonly #sleepers = new Set<() => void>();

  constructor(
    private readonly store: EventStore,
    private readonly views: ViewStore,
    private readonly publisher: MessagePublisher,
    private readonly options: OutboxRelayOptions,
  ) {
    this.name = options.name ?? 'outbox:nats';
    this.#feed = new FencedSubscription({
      store,
      views,
      name: this.name,
      batchSize: options.batchSize ?? tunables.outbox.batchSize,
      handle: (batch) => this.#handle(batch),
      onError: (error) => {
        if (error instanceof RelayStopped) return;
        this.#error = error instanceof Error ? error.message : String(error);
        options.onError?.(error);
      },
    });
  }

  /** Starts publishing from the stored checkpoint, under `lease` when given. */
  async start(lease?: Lease): Promise<void> {
    this.#wanted = true;
    this.#lease = lease;
    // A broker down now is retried with the first publish; this only lets consumers attach early.
    this.publisher.prepare?.().catch(() => undefined);
    await this.#feed.start(lease);
  }

  /** Resolves when every fact in the log at call time has been published. */
  async caughtUp(): Promise<void> {
    await this.#feed.caughtUp();
  }

  async stop(): Promise<void> {
    this.#wanted = false;
    for (const wake of this.#sleepers) wake();
    await this.#feed.stop();
  }

  async status(): Promise<OutboxStatus> {
    const stored = await this.views.checkpoint(this.name);
    const head = await headPosition(this.store);
    const position = stored?.position ?? null;
    const lag = head === null ? 0n : head - (position ?? 0n);
    return {
      name: this.name,
      running: this.#feed.running,
      position,
      head,
      lag: lag < 0n ? 0n : lag,
      published: this.#published,
      duplicates: this.#duplicates,
      failures: this.#failures,
      ...(this.#error === undefined ? {} : { error: this.#error }),
    };
  }

  async #handle({ events, last, expected, lease }: FencedBatch): Promise<void> {
    const lanes = new Map<string, OutboundMessage[]>();
    for (const event of events) {
      const message = this.options.toMessage(event);
      if (message === undefined) continue;
      addToLane(lanes, event.streamId, message);
    }
    await workLanes(
      lanes.values(),
      this.options.concurrency ?? tunables.outbox.concurrency,
      async (lane) => {
        for (const message of lane) await this.#publishUntilStored(message);
      },
    );
    await this.views.commit([batchCommit(this.name, last, [], expected, lease)]);
  }

  /** Publishes one message, retrying with backoff while the broker is away; gives up only when stopped. */
  async #publishUntilStored(message: OutboundMessage): Promise<void> {
    let backoff = initialBackoffMs;
    for (;;) {
      if (!this.#wanted) throw new RelayStopped();
      // A relay that lost its lease publishes nothing more (the new holder publishes the batch).
      this.#lease?.check();
      try {
        const receipt = await this.publisher.publish(message);
        this.#published += 1;
        if (receipt.duplicate) this.#duplicates += 1;
        this.#error = undefined;
        return;
      } catch (error) {
        this.#failures += 1;
        this.#error = error instanceof Error ? error.message : String(error);
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            clearTimeout(timer);
            this.#sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, backoff);
          this.#sleepers.add(wake);
        });
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  }
}
