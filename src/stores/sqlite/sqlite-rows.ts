/**
 * The SQLite store's prepared statements and the mapping between its rows and the port's types.
 */
import type Database from 'better-sqlite3';
import type { JsonObject, JsonValue } from '../../core/index.ts';
import type { AppendResult, RecordedEvent } from '../../engine/ports/event-store.ts';
import { positionCheckpoint } from '../contract/position-checkpoint.ts';

/**
 * A row of the `events` table, read in raw mode: its columns in `eventColumns` order, an array
 * rather than an object whose every property better-sqlite3 would define.
 */
export type EventTuple = readonly [
  position: number | bigint,
  id: string,
  streamId: string,
  version: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

interface StoredAppendResult {
  readonly streams: readonly {
    readonly streamId: string;
    readonly nextVersion: number;
    readonly positions: readonly string[];
  }[];
  readonly checkpoint: string;
}

const eventColumns = 'position, id, stream_id, version, type, data, metadata, recorded_at';

/** The statements of one connection, by what they do. */
export type SqliteStatements = Readonly<
  Record<
    | 'selectStream'
    | 'insertStream'
    | 'updateStreamVersion'
    | 'insertEvent'
    | 'selectIdempotency'
    | 'insertIdempotency'
    | 'readStream'
    | 'readAll'
    | 'head',
    Database.Statement
  >
>;

/** Prepares every statement the store runs, once per connection (effectful: compiles SQL). */
export function prepareStatements(db: Database.Database): SqliteStatements {
  return {
    selectStream: db.prepare('SELECT version, metadata FROM streams WHERE stream_id = ?'),
    insertStream: db.prepare(
      'INSERT INTO streams (stream_id, version, metadata, created_at) VALUES (?, ?, ?, ?)',
    ),
    updateStreamVersion: db.prepare('UPDATE streams SET version = ? WHERE stream_id = ?'),
    insertEvent: db.prepare(
      'INSERT INTO events (id, stream_id, version, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    selectIdempotency: db.prepare('SELECT result FROM idempotency WHERE key = ?'),
    insertIdempotency: db.prepare(
      'INSERT INTO idempotency (key, result, created_at) VALUES (?, ?, ?)',
    ),
    readStream: db
      .prepare(
        `SELECT ${eventColumns} FROM events WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?`,
      )
      .raw(),
    readAll: db
      .prepare(`SELECT ${eventColumns} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw(),
    head: db.prepare('SELECT max(position) AS position FROM events'),
  };
}

/** Turns an `events` row into a recorded event (pure). */
export function recordedEvent([
  rowPosition,
  id,
  streamId,
  version,
  type,
  data,
  metadata,
  recordedAt,
]: EventTuple): RecordedEvent {
  const position = BigInt(rowPosition);
  return {
    id,
    streamId,
    version,
    position,
    // A safe integer's decimal text is the checkpoint, without a round trip through the bigint.
    checkpoint:
      typeof rowPosition === 'number' && Number.isSafeInteger(rowPosition)
        ? String(rowPosition)
        : positionCheckpoint(position),
    type,
    data: JSON.parse(data) as JsonValue,
    metadata: JSON.parse(metadata) as JsonObject,
    recordedAt,
  };
}

/** Serializes an append result for the idempotency table (pure). */
export function toStoredResult(result: AppendResult): string {
  const stored: StoredAppendResult = {
    streams: result.streams.map((s) => ({ ...s, positions: s.positions.map((p) => p.toString()) })),
    checkpoint: result.checkpoint,
  };
  return JSON.stringify(stored);
}

/** Reads an append result back from the idempotency table (pure). */
export function fromStoredResult(json: string): Omit<AppendResult, 'duplicate'> {
  const stored = JSON.parse(json) as StoredAppendResult;
  return {
    streams: stored.streams.map((s) => ({ ...s, positions: s.positions.map((p) => BigInt(p)) })),
    checkpoint: stored.checkpoint,
  };
}
