/**
 * The event-store port: the one interface the engine, the views and the agents use to reach the
 * log. Every store (memory, SQLite, PostgreSQL) implements it and passes one contract suite.
 */
import type { JsonObject, JsonValue } from '../../core/index.ts';

/**
 * What the appender expects of a stream: that it does not exist yet, that it exists (any version),
 * that it is exactly at this version (the number of events in it), or nothing at all.
 */
export type ExpectedVersion = 'no_stream' | 'stream_exists' | 'any' | number;

/** An event to append. `id` is unique in the whole log (Factum uses the act id). */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  /** Per-fact metadata: performer, correlation, causation, time. */
  readonly metadata?: JsonObject;
}

/** Metadata of a stream, set when the stream is created: its transaction kind, its parent transaction. */
export interface StreamMetadata {
  readonly kind?: string;
  readonly parent?: string;
  readonly [key: string]: JsonValue | undefined;
}

/** One stream's part of an append. */
export interface StreamAppend {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent[];
  /** Stored when the stream is created; ignored afterwards. */
  readonly metadata?: StreamMetadata;
}

/**
 * An opaque, store-specific mark of a place in the global order. Only the store that issued it
 * interprets it; compare positions with `position`, resume with the checkpoint.
 */
export type Checkpoint = string;

/** An event as the log holds it. */
export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  /** 1-based place in its stream: the first event of a stream has version 1. */
  readonly version: number;
  /** Global sequence number: unique, increasing along each stream, and along the log on memory and SQLite. */
  readonly position: bigint;
  /** Where a reader resumes after this event. */
  readonly checkpoint: Checkpoint;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  /** When the store recorded it (ISO 8601). */
  readonly recordedAt: string;
}

/** The outcome of one stream's part of an append. */
export interface StreamAppendResult {
  readonly streamId: string;
  /** The stream's version after the append. */
  readonly nextVersion: number;
  /** Global positions of the appended events, in order. */
  readonly positions: readonly bigint[];
}

/** The outcome of an append: one entry per stream, and whether it was a repeat of an earlier append. */
export interface AppendResult {
  readonly streams: readonly StreamAppendResult[];
  /** The checkpoint after the last appended event. */
  readonly checkpoint: Checkpoint;
  /** True when the idempotency key was seen before: nothing was appended, the original result returned. */
  readonly duplicate: boolean;
}

export interface AppendOptions {
  /** Re-sending the same key appends nothing and returns the original result (Factum uses the act id). */
  readonly idempotencyKey?: string;
}

/** One append of a batch: its parts and options, as `append` takes them. */
export interface AppendRequest {
  readonly parts: StreamAppend | readonly StreamAppend[];
  readonly options?: AppendOptions;
}

/** A stream's current version and its metadata. */
export interface StreamInfo {
  readonly streamId: string;
  readonly version: number;
  readonly metadata: StreamMetadata;
}

export interface ReadStreamOptions {
  /** First version to return (1-based, inclusive). */
  readonly fromVersion?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Start after this checkpoint; from the beginning when absent. */
  readonly after?: Checkpoint;
  /** Events fetched per round trip; memory stays bounded by it. */
  readonly batchSize?: number;
}

/** Receives batches of events in global order; the next batch waits for the returned promise. */
export type SubscriptionHandler = (events: readonly RecordedEvent[]) => Promise<void> | void;

export interface SubscribeOptions extends ReadAllOptions {
  readonly handler: SubscriptionHandler;
  /** Called when the handler throws or the store fails; the subscription stops. */
  readonly onError?: (error: unknown) => void;
}

/** A running subscription: catching up, then live. */
export interface Subscription {
  /** Resolves when the subscription has delivered every event up to the log's head at call time. */
  caughtUp(): Promise<void>;
  /** The checkpoint of the last event delivered, if any. */
  readonly checkpoint: Checkpoint | undefined;
  close(): Promise<void>;
}

/** The log: append-only, ordered, never losing, reordering or duplicating an event. */
export interface EventStore {
  /** Appends to one or several streams atomically: all parts are written, or none (one conflict → nothing). */
  append(
    parts: StreamAppend | readonly StreamAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Group commit: several independent appends made durable together (one transaction, one sync),
   * each still all-or-nothing on its own and answered on its own — a result, or the error it alone
   * failed with. Optional: without it, appends are made one by one.
   */
  appendBatch?(requests: readonly AppendRequest[]): Promise<readonly (AppendResult | Error)[]>;
  /**
   * How many `appendBatch` calls are worth running at once (default 1: while one commits, the next
   * gathers what is decided meanwhile).
   */
  readonly batchesInFlight?: number;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]>;
  stream(streamId: string): Promise<StreamInfo | undefined>;
  /** Reads the whole log in global order, streamed in batches with bounded memory. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catches up from a checkpoint, then follows live, without missing or repeating an event at the switch. */
  subscribe(options: SubscribeOptions): Subscription;
  /** The checkpoint of the last event in the log (visible to readers), or undefined when empty. */
  head(): Promise<Checkpoint | undefined>;
  close(): Promise<void>;
}
