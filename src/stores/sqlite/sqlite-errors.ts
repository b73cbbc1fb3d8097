/**
 * Turns better-sqlite3's errors into the store's typed errors: a locked, read-only, full or
 * unopenable file is a StoreUnavailableError with a plain message and the driver error as cause.
 */
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';

const reasons: readonly (readonly [prefix: string, reason: string])[] = [
  ['SQLITE_BUSY', 'is locked by another connection for longer than the busy timeout'],
  ['SQLITE_LOCKED', 'is locked by another connection for longer than the busy timeout'],
  ['SQLITE_READONLY', 'is read-only (file or directory permissions, or opened read-only)'],
  ['SQLITE_FULL', 'cannot grow: the disk is full'],
  ['SQLITE_CANTOPEN', 'cannot be opened (missing directory, permissions or too many open files)'],
  ['SQLITE_IOERR', 'failed a disk read or write'],
  ['SQLITE_NOTADB', 'is not a SQLite database'],
  ['SQLITE_CORRUPT', 'is corrupt'],
  ['SQLITE_PERM', 'is not accessible (permission denied)'],
];

/** The SQLite result code of a driver error (SQLITE_BUSY, …), if it has one (pure). */
export function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { readonly code: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Maps a driver error met while doing `action` on the database at `path` to StoreUnavailableError
 * when the store is unusable, and returns any other error unchanged (pure).
 */
export function toStoreError(error: unknown, path: string, action: string): unknown {
  const code = sqliteCode(error);
  if (code === undefined) return error;
  const match = reasons.find(([prefix]) => code.startsWith(prefix));
  if (match === undefined) return error;
  return new StoreUnavailableError(
    `Cannot ${action}: the SQLite database '${path}' ${match[1]} (${code}).`,
    {
      cause: error,
    },
  );
}
