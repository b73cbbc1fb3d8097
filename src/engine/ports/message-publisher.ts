/**
 * The message-publisher port: where the outbox relay hands the log's facts to a message broker.
 * A publisher must be idempotent by message id (a broker's deduplication window), because the relay
 * delivers at least once: after a crash or a broker outage it sends again what it may have sent.
 */

/** One message to publish: its broker subject, its deduplication id, its body and headers. */
export interface OutboundMessage {
  readonly subject: string;
  /** Unique per fact; the broker drops a second message with the same id. */
  readonly id: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the broker said of a stored message. */
export interface PublishReceipt {
  /** True when the broker had the message already and dropped this one as a repeat. */
  readonly duplicate: boolean;
}

/** A broker that stores messages durably and deduplicates them by id. */
export interface MessagePublisher {
  /** Publishes one message; resolves once the broker has stored it (or had it already), throws otherwise. */
  publish(message: OutboundMessage): Promise<PublishReceipt>;
  /**
   * Readies the broker before the first message (a stream created), so consumers can attach to it
   * before anything is published; the relay calls it on start and ignores its failure.
   */
  prepare?(): Promise<void>;
  close(): Promise<void>;
}
