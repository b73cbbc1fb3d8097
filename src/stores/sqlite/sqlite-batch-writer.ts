/**
 * The SQLite store's group commit: a batch of checked appends in one IMMEDIATE transaction (one
 * sync). Each append is checked before it writes; only an event id already in the log, found by
 * the unique index at the write, sends the batch again one append at a time, each in a savepoint
 * of its own.
 *
 * The write lock is tried without waiting. SQLite's own busy handler would sleep the calling
 * thread, which for a server is its event loop, whenever another connection holds the lock (the
 * views' worker thread committing, another process appending); here the caller waits on a timer
 * instead and the loop keeps answering, while the acts decided meanwhile join the next batch.
 */
import type Database from 'better-sqlite3';
import type { AppendResult, StreamAppend } from '../../engine/ports/event-store.ts';
import { DuplicateEventError, StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { appendChecked, appendOne, type ValidAppend } from './sqlite-append.ts';
import { sqliteCode, toStoreError } from './sqlite-errors.ts';
import type { SqliteStatements } from './sqlite-rows.ts';

/** Writes a batch: each request's result or refusal, in order; rejects when nothing was written. */
export type BatchWrite = (
  requests: readonly (ValidAppend | Error)[],
) => Promise<(AppendResult | Error)[]>;

/** The longest pause between two tries of a write lock held elsewhere (ms). */
const longestPauseMs = 8;

/**
 * The batch write of a connection to the database at `path` (effectful when called: writes the
 * log). A lock held elsewhere for longer than `busyTimeoutMs`, a full disk or a read-only file
 * rejects with the store's typed error.
 */
export function batchWriter(
  db: Database.Database,
  statements: SqliteStatements,
  path: string,
  busyTimeoutMs: number,
): BatchWrite {
  const checked = db.transaction((requests: readonly (ValidAppend | Error)[]) =>
    appendChecked(statements, requests, new Date().toISOString()),
  );
  // Nested in `each`, so a savepoint: a failing append rolls back only itself.
  const inSavepoint = db.transaction(
    (parts: readonly StreamAppend[], key: string | undefined, now: string) =>
      appendOne(statements, parts, key, now),
  );
  const each = db.transaction((requests: readonly (ValidAppend | Error)[]) => {
    const now = new Date().toISOString();
    return requests.map((request): AppendResult | Error => {
      if (request instanceof Error) return request;
      try {
        return inSavepoint(request.parts, request.key, now);
      } catch (error) {
        const mapped = toStoreError(error, path, 'append');
        return mapped instanceof Error ? mapped : new Error(String(mapped));
      }
    });
  });
  const noWait = db.prepare('PRAGMA busy_timeout = 0');
  const wait = db.prepare(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  /** The batch written now, or the driver's SQLITE_BUSY when another connection holds the lock. */
  const tryWrite = (
    requests: readonly (ValidAppend | Error)[],
  ): { readonly written: (AppendResult | Error)[] } | { readonly busy: unknown } => {
    // Closed while this batch waited for the lock.
    if (!db.open) throw new StoreUnavailableError(`The SQLite event store '${path}' is closed.`);
    noWait.get();
    try {
      try {
        return { written: checked.immediate(requests) };
      } catch (error) {
        if (!(error instanceof DuplicateEventError)) throw error;
        return { written: each.immediate(requests) };
      }
    } catch (error) {
      if (sqliteCode(error)?.startsWith('SQLITE_BUSY') === true) return { busy: error };
      throw toStoreError(error, path, 'append');
    } finally {
      wait.get();
    }
  };
  return async (requests) => {
    const giveUpAt = Date.now() + busyTimeoutMs;
    for (let pauseMs = 1; ; pauseMs = Math.min(2 * pauseMs, longestPauseMs)) {
      const attempt = tryWrite(requests);
      if ('written' in attempt) return attempt.written;
      if (Date.now() >= giveUpAt) throw toStoreError(attempt.busy, path, 'append');
      await new Promise((resume) => setTimeout(resume, pauseMs));
    }
  };
}
