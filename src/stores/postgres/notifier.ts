/**
 * LISTEN/NOTIFY for one store: a dedicated connection that wakes subscriptions when an append to
 * this schema commits. A wake-up is only a hint; subscriptions also poll, because notifications sent
 * while the connection is down are lost. After a reconnect every listener is woken once.
 */
import pg from 'pg';

/** The channel appends notify on; the payload is the schema name. */
export const NOTIFY_CHANNEL = 'factum_events';

export interface NotifierOptions {
  readonly connectionString: string;
  readonly schema: string;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** Keeps a LISTEN connection open, reconnecting with capped exponential backoff. */
export class Notifier {
  readonly #options: NotifierOptions;
  readonly #listeners = new Set<() => void>();
  #client: pg.Client | undefined;
  #closed = false;
  #started = false;
  #delay: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: NotifierOptions) {
    this.#options = options;
    this.#delay = options.initialDelayMs;
  }

  /** Registers a wake-up callback, connecting on first use; returns its removal (impure). */
  add(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (!this.#started) {
      this.#started = true;
      void this.#connect();
    }
    return () => this.#listeners.delete(listener);
  }

  /** Wakes every listener now (impure). */
  wakeAll(): void {
    for (const listener of this.#listeners) listener();
  }

  /** Stops listening and closes the connection (impure). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.#options.connectionString,
      connectionTimeoutMillis: 5000,
    });
    let failed = false;
    const fail = (): void => {
      if (failed) return;
      failed = true;
      if (this.#client === client) this.#client = undefined;
      void client.end().catch(() => undefined);
      this.#retry();
    };
    client.on('error', fail);
    client.on('end', fail);
    client.on('notification', (message) => {
      if (message.payload === this.#options.schema) this.wakeAll();
    });
    try {
      await client.connect();
      await client.query(`listen ${NOTIFY_CHANNEL}`);
    } catch {
      fail();
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#delay = this.#options.initialDelayMs;
    // Whatever was notified while we were away is lost: let everyone poll.
    this.wakeAll();
  }

  #retry(): void {
    if (this.#closed) return;
    const delay = this.#delay;
    this.#delay = Math.min(this.#delay * 2, this.#options.maxDelayMs);
    this.#timer = setTimeout(() => void this.#connect(), delay);
  }
}
