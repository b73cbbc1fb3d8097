/**
 * Live updates over Server-Sent Events: one subscription to the log fans committed facts out to
 * every connected client, each through its own bounded queue, so a slow client never holds up the
 * others — it is dropped when it falls too far behind and resumes with `Last-Event-ID`. An event's
 * `id` is its checkpoint: resuming re-reads the log after it, then joins the live feed without a
 * gap or a repeat. Each client sees only what its caller may see.
 */
import type { ServerResponse } from 'node:http';
import type {
  Checkpoint,
  EventStore,
  RecordedEvent,
  Subscription,
} from '../engine/ports/event-store.ts';
import { canSee, type Caller } from './auth.ts';
import {
  liveEntryOf,
  liveViewsCommitOf,
  type LiveEntry,
  type LiveViewsCommit,
  type LiveVisibility,
} from './live-entries.ts';
import type { OwnerResolver } from './owners.ts';
import { tunables } from '../tunables.ts';

/** Tuning of the live feed. */
export interface LiveHubOptions {
  /** Milliseconds between heartbeat comments (default 15 000). */
  readonly heartbeatMs?: number;
  /** Frames a client may have waiting before it is dropped (default 1000). */
  readonly maxQueue?: number;
  /** Bytes of frames a client may have waiting before it is dropped (default 1 MiB): large facts count for what they weigh. */
  readonly maxQueueBytes?: number;
  /** Called when the log subscription fails (it is restarted). */
  readonly onError?: (error: unknown) => void;
  /**
   * The entries are built where the log is already followed (the thread running the views) and
   * handed over with `publish` and `viewsCommit`: the hub then reads the log only to resume a client.
   */
  readonly pushed?: boolean;
}

/** What a client asked for and who it is. */
export interface LiveClientOptions {
  readonly caller: Caller;
  /** Only facts of this transaction and its tree. */
  readonly transaction?: string;
  /** Resume after this checkpoint. */
  readonly lastEventId?: string;
}

/** How much a client may have waiting: frames and their bytes, whichever fills first. */
interface QueueLimits {
  readonly frames: number;
  readonly bytes: number;
}

class LiveClient {
  readonly #queue: string[] = [];
  #queuedBytes = 0;
  #writing = false;
  #closed = false;
  #idle: (() => void)[] = [];
  catchingUp = false;
  readonly pending: LiveEntry[] = [];
  readonly sent = new Set<string>();

  constructor(
    readonly options: LiveClientOptions,
    private readonly raw: ServerResponse,
    private readonly limits: QueueLimits,
    private readonly onClosed: (client: LiveClient) => void,
  ) {
    raw.on('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Whether half the queue's room, in frames or in bytes, is taken: catch-up waits for it to drain. */
  get halfFull(): boolean {
    return this.#queue.length > this.limits.frames / 2 || this.#queuedBytes > this.limits.bytes / 2;
  }

  visible(entry: LiveVisibility): boolean {
    const { caller, transaction } = this.options;
    // Balances are shared (anyone may read a ledger); which transaction moved them is not.
    if (entry.kind === 'ledger') return transaction === undefined;
    if (!canSee(caller, entry.owner)) return false;
    return (
      transaction === undefined ||
      entry.transactionId === transaction ||
      entry.correlationId === transaction
    );
  }

  /** The frame of an entry this client may read: a personal actor gets a ledger movement without its transaction. */
  frameOf(entry: LiveEntry): string {
    return this.options.caller.restricted && entry.restrictedFrame !== undefined
      ? entry.restrictedFrame
      : entry.frame;
  }

  /** Queues a frame; drops the client when its queue is full (it resumes with Last-Event-ID). */
  send(frame: string): void {
    if (this.#closed) return;
    const bytes = Buffer.byteLength(frame);
    if (this.#queue.length >= this.limits.frames || this.#queuedBytes + bytes > this.limits.bytes) {
      this.close();
      return;
    }
    this.#queue.push(frame);
    this.#queuedBytes += bytes;
    if (!this.#writing) void this.#flush();
  }

  /** Resolves when the queue has been written out. */
  idle(): Promise<void> {
    if (this.#queue.length === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const frame = this.#queue.shift() ?? '';
        this.#queuedBytes -= Buffer.byteLength(frame);
        if (!this.raw.write(frame)) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              this.raw.off('drain', done);
              this.raw.off('close', done);
              resolve();
            };
            this.raw.on('drain', done);
            this.raw.on('close', done);
          });
        }
      }
    } finally {
      this.#writing = false;
      if (this.#queue.length === 0 || this.#closed) {
        for (const resolve of this.#idle.splice(0)) resolve();
      }
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    for (const resolve of this.#idle.splice(0)) resolve();
    if (!this.raw.writableEnded) this.raw.end();
    this.onClosed(this);
  }
}

/** Fans the log out to SSE clients. */
export class LiveHub {
  readonly #clients = new Set<LiveClient>();
  #subscription: Subscription | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #lastCheckpoint: Checkpoint | undefined;
  #closed = false;
  #started = false;
  readonly #heartbeatMs: number;
  readonly #limits: QueueLimits;

  constructor(
    private readonly store: EventStore,
    private readonly owners: OwnerResolver,
    private readonly options: LiveHubOptions = {},
  ) {
    this.#heartbeatMs = options.heartbeatMs ?? tunables.http.liveHeartbeatMs;
    this.#limits = {
      frames: options.maxQueue ?? tunables.http.liveQueueFrames,
      bytes: options.maxQueueBytes ?? tunables.http.liveQueueBytes,
    };
  }

  /** The number of connected clients. */
  get size(): number {
    return this.#clients.size;
  }

  /** Follows the log from its current head; heartbeats start. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#lastCheckpoint = await this.store.head();
    if (this.options.pushed !== true) this.#subscribe();
    this.#heartbeat = setInterval(() => {
      const frame = `: heartbeat ${new Date().toISOString()}\n\n`;
      for (const client of this.#clients) if (!client.catchingUp) client.send(frame);
    }, this.#heartbeatMs);
    this.#heartbeat.unref();
  }

  #subscribe(): void {
    if (this.#closed) return;
    this.#subscription = this.store.subscribe({
      ...(this.#lastCheckpoint === undefined ? {} : { after: this.#lastCheckpoint }),
      handler: (events) => this.#publishEvents(events),
      onError: (error) => {
        this.options.onError?.(error);
        this.#subscription = undefined;
        setTimeout(() => this.#subscribe(), 1000).unref();
      },
    });
  }

  async #publishEvents(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      // With no client, nothing is framed nor owned: a client attaching later starts from here, or
      // re-reads the log after its Last-Event-ID.
      const entry = this.#clients.size === 0 ? undefined : await liveEntryOf(event, this.owners);
      if (entry !== undefined) this.#fanOut(entry);
      this.#lastCheckpoint = event.checkpoint;
    }
  }

  #fanOut(entry: LiveEntry): void {
    for (const client of this.#clients) {
      if (client.catchingUp) client.pending.push(entry);
      else if (client.visible(entry)) client.send(client.frameOf(entry));
    }
  }

  /**
   * Sends entries built elsewhere (see `pushed`), in log order; `last` is the checkpoint of the last
   * event they cover, sent or not.
   */
  publish(entries: readonly LiveEntry[], last: Checkpoint): void {
    for (const entry of entries) this.#fanOut(entry);
    this.#lastCheckpoint = last;
  }

  /**
   * Tells clients that a projection committed a batch, so they re-read the views it writes; wire
   * it to `createFactum({ onViewsCommitted })`. A restricted client hears only of batches with
   * facts it may see.
   */
  viewsCommitted(projection: string, events: readonly RecordedEvent[]): void {
    if (events.length === 0 || this.#clients.size === 0) return;
    void liveViewsCommitOf(projection, events, this.owners)
      .then((commit) => {
        if (commit !== undefined) this.viewsCommit(commit);
      })
      .catch((error: unknown) => this.options.onError?.(error));
  }

  /** Sends a `views` frame built elsewhere (see `pushed`) to the clients that may see one of its facts. */
  viewsCommit(commit: LiveViewsCommit): void {
    for (const client of this.#clients) {
      if (client.catchingUp) continue;
      if (commit.visibility.some((seen) => client.visible(seen))) client.send(commit.frame);
    }
  }

  /** Throws the store's error when a checkpoint is not one of its own (checked before a stream opens). */
  async checkCheckpoint(checkpoint: Checkpoint): Promise<void> {
    const iterator = this.store
      .readAll({ after: checkpoint, batchSize: 1 })
      [Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
  }

  /** Attaches an open SSE response; resumes after `lastEventId` first when given. */
  attach(raw: ServerResponse, options: LiveClientOptions): void {
    const client = new LiveClient(options, raw, this.#limits, (c) => this.#clients.delete(c));
    if (this.#closed) {
      client.close();
      return;
    }
    this.#clients.add(client);
    client.send('retry: 2000\n\n');
    const resumeFrom = options.lastEventId;
    if (resumeFrom === undefined || resumeFrom === this.#lastCheckpoint) return;
    client.catchingUp = true;
    void this.#catchUp(client, resumeFrom, this.#lastCheckpoint).catch((error: unknown) => {
      this.options.onError?.(error);
      client.close();
    });
  }

  async #catchUp(
    client: LiveClient,
    after: Checkpoint,
    until: Checkpoint | undefined,
  ): Promise<void> {
    for await (const event of this.store.readAll({ after, batchSize: 200 })) {
      if (client.closed) return;
      const entry = await liveEntryOf(event, this.owners);
      if (entry !== undefined && client.visible(entry)) {
        client.send(client.frameOf(entry));
        client.sent.add(entry.id);
        if (client.halfFull) await client.idle();
      }
      if (event.checkpoint === until) break;
    }
    // Live events that arrived meanwhile, less those the catch-up already sent.
    while (client.pending.length > 0) {
      const entry = client.pending.shift();
      if (entry !== undefined && !client.sent.has(entry.id) && client.visible(entry)) {
        client.send(client.frameOf(entry));
      }
      if (client.halfFull) await client.idle();
    }
    client.sent.clear();
    client.catchingUp = false;
  }

  /** Ends every stream and the subscription. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    for (const client of [...this.#clients]) client.close();
    const subscription = this.#subscription;
    this.#subscription = undefined;
    await subscription?.close();
  }
}
