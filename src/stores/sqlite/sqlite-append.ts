/**
 * The SQLite store's writes: appends run inside the caller's IMMEDIATE transaction, where this
 * connection is the only writer of the file, so what they read cannot change under them.
 *
 * A batch (group commit) is checked as it is written: each append's idempotency key, expected
 * versions and event ids are checked against the log and against the appends accepted before it in
 * the batch, before it writes a row, so a refused append leaves nothing to undo and needs no
 * savepoint. The one failure that shows only at the write, an event id already in the log (the
 * unique index finds it for free), fails the whole batch with DuplicateEventError; the caller then
 * rolls back and runs the batch again one append at a time, each in a savepoint of its own.
 */
import type {
  AppendResult,
  StreamAppend,
  StreamAppendResult,
} from '../../engine/ports/event-store.ts';
import { DuplicateEventError } from '../../engine/ports/store-errors.ts';
import { checkExpectedVersion } from '../contract/expected-version.ts';
import { positionCheckpoint } from '../contract/position-checkpoint.ts';
import { sqliteCode } from './sqlite-errors.ts';
import type { SqliteStatements } from './sqlite-rows.ts';
import { fromStoredResult, toStoredResult } from './sqlite-rows.ts';

/** An append after validation: its parts and its idempotency key. */
export interface ValidAppend {
  readonly parts: readonly StreamAppend[];
  readonly key: string | undefined;
}

/**
 * Writes a batch of appends, each checked before it writes (effectful: writes the log). Throws
 * DuplicateEventError when an event id is already in the log: the batch must then be rolled back
 * and run again with `appendOne` per append, each in a savepoint.
 */
export function appendChecked(
  s: SqliteStatements,
  requests: readonly (ValidAppend | Error)[],
  now: string,
): (AppendResult | Error)[] {
  // The batch's view of the log: stream versions (0: no stream), keys and event ids it wrote.
  const versions = new Map<string, number>();
  const versionOf = (streamId: string): number => {
    let version = versions.get(streamId);
    if (version === undefined) {
      const row = s.selectStream.get(streamId) as { version: number } | undefined;
      version = row?.version ?? 0;
      versions.set(streamId, version);
    }
    return version;
  };
  const keys = new Map<string, AppendResult>();
  const ids = new Set<string>();
  return requests.map((request): AppendResult | Error => {
    if (request instanceof Error) return request;
    const { parts, key } = request;
    if (key !== undefined) {
      const earlier = keys.get(key);
      if (earlier !== undefined) return { ...earlier, duplicate: true };
      const stored = s.selectIdempotency.get(key) as { result: string } | undefined;
      if (stored !== undefined) return { ...fromStoredResult(stored.result), duplicate: true };
    }
    try {
      for (const part of parts) {
        const version = versionOf(part.streamId);
        checkExpectedVersion(
          part.streamId,
          part.expectedVersion,
          version === 0 ? undefined : version,
        );
      }
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    for (const part of parts)
      for (const event of part.events)
        if (ids.has(event.id)) return new DuplicateEventError(event.id);
    const result = writeAppend(s, parts, key, now, (streamId) => versionOf(streamId));
    for (const part of parts) {
      versions.set(part.streamId, versionOf(part.streamId) + part.events.length);
      for (const event of part.events) ids.add(event.id);
    }
    if (key !== undefined) keys.set(key, result);
    return result;
  });
}

/**
 * Appends one request on its own: idempotency lookup, version checks, writes (effectful). An event
 * id already in the log throws DuplicateEventError; run it in a savepoint to undo its earlier rows.
 */
export function appendOne(
  s: SqliteStatements,
  parts: readonly StreamAppend[],
  key: string | undefined,
  now: string,
): AppendResult {
  if (key !== undefined) {
    const original = s.selectIdempotency.get(key) as { result: string } | undefined;
    if (original !== undefined) return { ...fromStoredResult(original.result), duplicate: true };
  }
  const versions = new Map(
    parts.map((part) => {
      const row = s.selectStream.get(part.streamId) as { version: number } | undefined;
      checkExpectedVersion(part.streamId, part.expectedVersion, row?.version);
      return [part.streamId, row?.version ?? 0];
    }),
  );
  return writeAppend(s, parts, key, now, (streamId) => versions.get(streamId) ?? 0);
}

/** Writes the stream rows, events and idempotency row of a checked append (effectful). */
function writeAppend(
  s: SqliteStatements,
  parts: readonly StreamAppend[],
  key: string | undefined,
  now: string,
  versionBefore: (streamId: string) => number,
): AppendResult {
  const streams = parts.map((part): StreamAppendResult => {
    const before = versionBefore(part.streamId);
    const after = before + part.events.length;
    // A new stream is written once, at its version after this append; an old one is moved on.
    if (before === 0)
      s.insertStream.run(part.streamId, after, JSON.stringify(part.metadata ?? {}), now);
    else s.updateStreamVersion.run(after, part.streamId);
    let version = before;
    const positions = part.events.map((event) => {
      version += 1;
      return BigInt(insertEvent(s, event, part.streamId, version, now));
    });
    return { streamId: part.streamId, nextVersion: after, positions };
  });
  const result: AppendResult = {
    streams,
    checkpoint: positionCheckpoint(streams.at(-1)?.positions.at(-1) ?? 0n),
    duplicate: false,
  };
  if (key !== undefined) s.insertIdempotency.run(key, toStoredResult(result), now);
  return result;
}

/**
 * Inserts one event and returns its position. An id already in the log breaks the unique index:
 * that is the DuplicateEventError (the index checks it for free, with no lookup of its own).
 */
function insertEvent(
  s: SqliteStatements,
  event: StreamAppend['events'][number],
  streamId: string,
  version: number,
  now: string,
): number | bigint {
  try {
    return s.insertEvent.run(
      event.id,
      streamId,
      version,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata ?? {}),
      now,
    ).lastInsertRowid;
  } catch (error) {
    if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.id\b/.test(String(error))) {
      throw new DuplicateEventError(event.id);
    }
    throw error;
  }
}
