/**
 * The NATS JetStream adapter of the message-publisher port (`@nats-io/transport-node` and
 * `@nats-io/jetstream`, the NATS maintainers' v3 client for Node). It connects lazily and again
 * after every failure, makes sure the stream exists (capturing `<prefix>.>`), and publishes with
 * the message id as `Nats-Msg-Id`, so JetStream drops a repeat within the stream's duplicate window.
 * A publish resolves only once JetStream has acknowledged storing the message.
 */
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import type {
  MessagePublisher,
  OutboundMessage,
  PublishReceipt,
} from '../../engine/ports/message-publisher.ts';

export interface JetStreamOptions {
  /** `nats://host:port` (several, comma-separated, for a cluster). */
  readonly url: string;
  /** The stream the facts are stored in (created when missing). */
  readonly stream: string;
  /** The subjects the stream captures: `<prefix>.>`. */
  readonly subjectPrefix: string;
  /** How long JetStream remembers message ids to drop repeats (ms, default 10 minutes). */
  readonly duplicateWindowMs?: number;
  /** How long a publish waits for JetStream's acknowledgement (ms, default 5000). */
  readonly ackTimeoutMs?: number;
}

const defaultDuplicateWindowMs = 10 * 60_000;

/** Opens a NATS connection that reconnects for ever, failing fast when the server is down. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(',').map((server) => server.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
}

/** Creates the stream when it is missing; leaves an existing one as its operators configured it. */
export async function ensureStream(
  connection: NatsConnection,
  stream: string,
  subjects: readonly string[],
  duplicateWindowMs = defaultDuplicateWindowMs,
): Promise<void> {
  const manager = await jetstreamManager(connection);
  try {
    await manager.streams.info(stream);
  } catch {
    await manager.streams.add({
      name: stream,
      subjects: [...subjects],
      duplicate_window: duplicateWindowMs * 1_000_000,
    });
  }
}

/** Publishes to NATS JetStream, deduplicated by message id (impure). */
export class JetStreamPublisher implements MessagePublisher {
  #client: Promise<{ connection: NatsConnection; js: JetStreamClient }> | undefined;
  #closed = false;

  constructor(private readonly options: JetStreamOptions) {}

  async publish(message: OutboundMessage): Promise<PublishReceipt> {
    const { js } = await this.#connected();
    const messageHeaders = headers();
    for (const [name, value] of Object.entries(message.headers)) messageHeaders.set(name, value);
    try {
      const ack = await js.publish(message.subject, message.body, {
        msgID: message.id,
        headers: messageHeaders,
        timeout: this.options.ackTimeoutMs ?? 5000,
      });
      return { duplicate: ack.duplicate };
    } catch (error) {
      // The stream may have gone with a server that lost its store: look it up again next time.
      await this.#reset();
      throw error;
    }
  }

  /** Connects and makes sure the stream exists, so consumers can attach before the first fact. */
  async prepare(): Promise<void> {
    await this.#connected();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#reset();
  }

  #connected(): Promise<{ connection: NatsConnection; js: JetStreamClient }> {
    if (this.#closed) return Promise.reject(new Error('The JetStream publisher is closed.'));
    this.#client ??= (async () => {
      const connection = await connectNats(this.options.url, 'factum-outbox');
      try {
        await ensureStream(
          connection,
          this.options.stream,
          [`${this.options.subjectPrefix}.>`],
          this.options.duplicateWindowMs,
        );
      } catch (error) {
        await connection.close().catch(() => undefined);
        throw error;
      }
      return { connection, js: jetstream(connection) };
    })().catch((error: unknown) => {
      this.#client = undefined;
      throw error;
    });
    return this.#client;
  }

  async #reset(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client === undefined) return;
    const { connection } = await client.catch(() => ({ connection: undefined }));
    await connection?.close().catch(() => undefined);
  }
}
