/**
 * Live updates over Server-Sent Events: one subscription to the log fans committed facts out to
 * every connected client, each through its own bounded queue, so a slow client never holds up the
 * others — it is dropped when it falls too far behind and resumes with `Last-Event-ID`. An event's
 * `id` is its checkpoint: resuming re-reads the log after it, then joins the live feed without a
 * gap or a repeat. Each client sees only what its caller may see.
 */
import type { ServerResponse } from 'node:http';
import type { JsonObject } from '../core/index.ts';
import { isFactEvent, toFact } from '../engine/fact-events.ts';
import { isLedgerEvent, ledgerEntryOf } from '../engine/ledger-events.ts';
import type {
  Checkpoint,
  EventStore,
  RecordedEvent,
  Subscription,
} from '../engine/ports/event-store.ts';
import { canSee, type Caller } from './auth.ts';
import type { OwnerResolver } from './owners.ts';

/** Tuning of the live feed. */
export interface LiveHubOptions {
  /** Milliseconds between heartbeat comments (default 15 000). */
  readonly heartbeatMs?: number;
  /** Frames a client may have waiting before it is dropped (default 1000). */
  readonly maxQueue?: number;
  /** Called when the log subscription fails (it is restarted). */
  readonly onError?: (error: unknown) => void;
}

/** One event as the hub sends it, with what visibility needs. */
interface Entry {
  readonly id: string;
  readonly checkpoint: Checkpoint;
  readonly kind: 'fact' | 'ledger';
  readonly owner: string | null;
  readonly transactionId: string | undefined;
  readonly correlationId: string | undefined;
  readonly frame: string;
}

/** What a client asked for and who it is. */
export interface LiveClientOptions {
  readonly caller: Caller;
  /** Only facts of this transaction and its tree. */
  readonly transaction?: string;
  /** Resume after this checkpoint. */
  readonly lastEventId?: string;
}

class LiveClient {
  readonly #queue: string[] = [];
  #writing = false;
  #closed = false;
  #idle: (() => void)[] = [];
  catchingUp = false;
  readonly pending: Entry[] = [];
  readonly sent = new Set<string>();

  constructor(
    readonly options: LiveClientOptions,
    private readonly raw: ServerResponse,
    private readonly maxQueue: number,
    private readonly onClosed: (client: LiveClient) => void,
  ) {
    raw.on('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  get queued(): number {
    return this.#queue.length;
  }

  visible(entry: Entry): boolean {
    const { caller, transaction } = this.options;
    if (entry.kind === 'ledger') return !caller.restricted && transaction === undefined;
    if (!canSee(caller, entry.owner)) return false;
    return (
      transaction === undefined ||
      entry.transactionId === transaction ||
      entry.correlationId === transaction
    );
  }

  /** Queues a frame; drops the client when its queue is full (it resumes with Last-Event-ID). */
  send(frame: string): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.maxQueue) {
      this.close();
      return;
    }
    this.#queue.push(frame);
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
    for (const resolve of this.#idle.splice(0)) resolve();
    if (!this.raw.writableEnded) this.raw.end();
    this.onClosed(this);
  }
}

function frameOf(id: string, event: string, data: JsonObject): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
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
  readonly #maxQueue: number;

  constructor(
    private readonly store: EventStore,
    private readonly owners: OwnerResolver,
    private readonly options: LiveHubOptions = {},
  ) {
    this.#heartbeatMs = options.heartbeatMs ?? 15_000;
    this.#maxQueue = options.maxQueue ?? 1000;
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
    this.#subscribe();
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
      handler: (events) => this.#publish(events),
      onError: (error) => {
        this.options.onError?.(error);
        this.#subscription = undefined;
        setTimeout(() => this.#subscribe(), 1000).unref();
      },
    });
  }

  async #entryOf(event: RecordedEvent): Promise<Entry | undefined> {
    if (isFactEvent(event)) {
      const fact = toFact(event);
      const owner = await this.owners.ownerOfFact(fact, event.version);
      return {
        id: event.id,
        checkpoint: event.checkpoint,
        kind: 'fact',
        owner,
        transactionId: fact.transactionId,
        correlationId: fact.correlationId,
        frame: frameOf(event.checkpoint, 'fact', {
          ...(fact as unknown as JsonObject),
          position: event.position.toString(),
          version: event.version,
        }),
      };
    }
    if (isLedgerEvent(event)) {
      return {
        id: event.id,
        checkpoint: event.checkpoint,
        kind: 'ledger',
        owner: null,
        transactionId: undefined,
        correlationId: undefined,
        frame: frameOf(event.checkpoint, 'ledger', {
          ...(ledgerEntryOf(event) as unknown as JsonObject),
          type: event.type,
          position: event.position.toString(),
        }),
      };
    }
    return undefined;
  }

  async #publish(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      // With no client, nothing is framed nor owned: a client attaching later starts from here, or
      // re-reads the log after its Last-Event-ID.
      const entry = this.#clients.size === 0 ? undefined : await this.#entryOf(event);
      if (entry !== undefined) {
        for (const client of this.#clients) {
          if (client.catchingUp) client.pending.push(entry);
          else if (client.visible(entry)) client.send(entry.frame);
        }
      }
      this.#lastCheckpoint = event.checkpoint;
    }
  }

  /**
   * Tells clients that a projection committed a batch, so they re-read the views it writes; wire
   * it to `createFactum({ onViewsCommitted })`. A restricted client hears only of batches with
   * facts it may see.
   */
  viewsCommitted(projection: string, events: readonly RecordedEvent[]): void {
    const last = events.at(-1);
    if (last === undefined || this.#clients.size === 0) return;
    const frame = `event: views\ndata: ${JSON.stringify({ projection, position: last.position.toString(), checkpoint: last.checkpoint })}\n\n`;
    void (async () => {
      const entries = [];
      for (const event of events) entries.push(await this.#entryOf(event));
      for (const client of this.#clients) {
        if (client.catchingUp) continue;
        if (entries.some((entry) => entry !== undefined && client.visible(entry)))
          client.send(frame);
      }
    })().catch((error: unknown) => this.options.onError?.(error));
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
    const client = new LiveClient(options, raw, this.#maxQueue, (c) => this.#clients.delete(c));
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
      const entry = await this.#entryOf(event);
      if (entry !== undefined && client.visible(entry)) {
        client.send(entry.frame);
        client.sent.add(entry.id);
        if (client.queued > this.#maxQueue / 2) await client.idle();
      }
      if (event.checkpoint === until) break;
    }
    // Live events that arrived meanwhile, less those the catch-up already sent.
    while (client.pending.length > 0) {
      const entry = client.pending.shift();
      if (entry !== undefined && !client.sent.has(entry.id) && client.visible(entry)) {
        client.send(entry.frame);
      }
      if (client.queued > this.#maxQueue / 2) await client.idle();
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
