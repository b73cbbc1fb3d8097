/**
 * The in-memory event store: plain arrays and maps, for tests and demos. Positions count from 1,
 * the checkpoint is the position in decimal, and live subscriptions are woken in-process.
 */
import type * as port from '../../engine/ports/event-store.ts';
import { DuplicateEventError } from '../../engine/ports/store-errors.ts';
import type { JsonObject, JsonValue } from '../../core/index.ts';
import { checkExpectedVersion } from '../contract/expected-version.ts';
import { startPollingSubscription } from '../contract/polling-subscription.ts';
import {
  parsePositionCheckpoint,
  positionCheckpoint,
  positionReached,
} from '../contract/position-checkpoint.ts';
import { validateAppend } from '../contract/validate-append.ts';

interface MemoryStream {
  readonly metadata: port.StreamMetadata;
  /** Indexes into the log, one per event, in version order. */
  readonly indexes: number[];
}

const defaultBatchSize = 500;

/** An event store held in this process's memory; everything is lost when it ends. */
export class MemoryEventStore implements port.EventStore {
  readonly #log: port.RecordedEvent[] = [];
  readonly #streams = new Map<string, MemoryStream>();
  readonly #ids = new Set<string>();
  readonly #idempotency = new Map<string, port.AppendResult>();
  readonly #listeners = new Set<() => void>();

  /** Appends each request on its own, in order; memory has nothing to sync, so batching only keeps the contract. */
  async appendBatch(
    requests: readonly port.AppendRequest[],
  ): Promise<readonly (port.AppendResult | Error)[]> {
    const results: (port.AppendResult | Error)[] = [];
    for (const request of requests) {
      try {
        results.push(await this.append(request.parts, request.options));
      } catch (error) {
        results.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return results;
  }

  append(
    parts: port.StreamAppend | readonly port.StreamAppend[],
    options: port.AppendOptions = {},
  ): Promise<port.AppendResult> {
    // The executor runs at once, so the append is synchronous; a throw becomes the rejection.
    return new Promise((resolve) => {
      resolve(this.#appendNow(parts, options));
    });
  }

  readStream(
    streamId: string,
    options: port.ReadStreamOptions = {},
  ): Promise<readonly port.RecordedEvent[]> {
    const stream = this.#streams.get(streamId);
    if (stream === undefined) return Promise.resolve([]);
    const from = Math.max(1, options.fromVersion ?? 1) - 1;
    const to = options.maxCount === undefined ? undefined : from + Math.max(0, options.maxCount);
    const events = stream.indexes.slice(from, to).flatMap((index) => this.#log[index] ?? []);
    return Promise.resolve(events);
  }

  stream(streamId: string): Promise<port.StreamInfo | undefined> {
    const stream = this.#streams.get(streamId);
    return Promise.resolve(
      stream === undefined
        ? undefined
        : { streamId, version: stream.indexes.length, metadata: stream.metadata },
    );
  }

  async *readAll(options: port.ReadAllOptions = {}): AsyncIterable<port.RecordedEvent> {
    const batchSize =
      options.batchSize !== undefined && options.batchSize > 0
        ? options.batchSize
        : defaultBatchSize;
    let next = options.after === undefined ? 0 : Number(parsePositionCheckpoint(options.after));
    for (;;) {
      const batch = this.#log.slice(next, next + batchSize);
      if (batch.length === 0) return;
      next += batch.length;
      yield* batch;
      // Let appends and other readers run between batches, as a store with round trips would.
      await Promise.resolve();
    }
  }

  subscribe(options: port.SubscribeOptions): port.Subscription {
    return startPollingSubscription(
      {
        readBatch: (after, limit) => {
          const start = after === undefined ? 0 : Number(parsePositionCheckpoint(after));
          return Promise.resolve(this.#log.slice(start, start + limit));
        },
        head: () => this.head(),
        reached: positionReached,
        onAppend: (listener) => {
          this.#listeners.add(listener);
          return () => this.#listeners.delete(listener);
        },
      },
      options,
    );
  }

  head(): Promise<port.Checkpoint | undefined> {
    return Promise.resolve(this.#log.at(-1)?.checkpoint);
  }

  close(): Promise<void> {
    this.#listeners.clear();
    return Promise.resolve();
  }

  #appendNow(
    input: port.StreamAppend | readonly port.StreamAppend[],
    options: port.AppendOptions,
  ): port.AppendResult {
    const parts = validateAppend(input, options);
    const key = options.idempotencyKey;
    if (key !== undefined) {
      const original = this.#idempotency.get(key);
      if (original !== undefined) return { ...original, duplicate: true };
    }
    for (const part of parts) {
      checkExpectedVersion(
        part.streamId,
        part.expectedVersion,
        this.#streams.get(part.streamId)?.indexes.length,
      );
      for (const event of part.events)
        if (this.#ids.has(event.id)) throw new DuplicateEventError(event.id);
    }
    // Every check passed: from here on nothing throws, so the append is all or nothing.
    const recordedAt = new Date().toISOString();
    const results: port.StreamAppendResult[] = [];
    for (const part of parts) {
      let stream = this.#streams.get(part.streamId);
      if (stream === undefined) {
        stream = { metadata: copyJson((part.metadata ?? {}) as JsonObject), indexes: [] };
        this.#streams.set(part.streamId, stream);
      }
      const positions: bigint[] = [];
      for (const event of part.events) {
        const index = this.#log.length;
        const position = BigInt(index + 1);
        this.#log.push(
          Object.freeze({
            id: event.id,
            streamId: part.streamId,
            version: stream.indexes.length + 1,
            position,
            checkpoint: positionCheckpoint(position),
            type: event.type,
            data: copyJson(event.data),
            metadata: copyJson(event.metadata ?? {}),
            recordedAt,
          }),
        );
        stream.indexes.push(index);
        this.#ids.add(event.id);
        positions.push(position);
      }
      results.push({ streamId: part.streamId, nextVersion: stream.indexes.length, positions });
    }
    const result: port.AppendResult = {
      streams: results,
      checkpoint: positionCheckpoint(BigInt(this.#log.length)),
      duplicate: false,
    };
    if (key !== undefined) this.#idempotency.set(key, result);
    for (const listener of this.#listeners) listener();
    return result;
  }
}

/** Makes an empty in-memory event store (effectful: allocates the log). */
export function memoryEventStore(): MemoryEventStore {
  return new MemoryEventStore();
}

/** A frozen deep copy through JSON, so the log holds exactly what a durable store would. */
function copyJson<T extends JsonValue>(value: T): T {
  return deepFreeze(JSON.parse(JSON.stringify(value)) as T);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
