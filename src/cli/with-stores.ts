/**
 * Opens the stores a command works on and maps what can go wrong to exit codes: an unknown URL is
 * invalid input (2), a store that cannot be reached, opened or found is unavailable (3). Messages
 * are one plain line on stderr, never a stack trace.
 */
import { existsSync } from 'node:fs';
import { openStores, type OpenStores } from '../app/open-stores.ts';
import { InvalidAppendError, StoreUnavailableError } from '../engine/ports/store-errors.ts';
import { exitCodes } from './exit-codes.ts';

export interface WithStoresOptions {
  /**
   * Refuse a SQLite file that does not exist yet instead of creating it: commands that only read
   * or repair a store must not leave an empty database behind a typo.
   */
  readonly mustExist?: boolean;
}

/** The SQLite file a store URL names, or undefined for other stores (pure). */
export function sqliteFileOf(url: string): string | undefined {
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length);
  if (url === 'memory:' || url === 'memory' || url.includes('://')) return undefined;
  return url;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes one line to stderr, prefixed with the command's name. */
export function complain(text: string): void {
  process.stderr.write(`factum: ${text}\n`);
}

/**
 * Runs `use` over the stores at `url` and closes them after; returns `use`'s exit code, or 2 / 3
 * when the stores cannot be opened or fail underway (effectful).
 */
export async function withStores(
  url: string,
  options: WithStoresOptions,
  use: (stores: OpenStores) => Promise<number>,
): Promise<number> {
  const file = sqliteFileOf(url);
  if (
    options.mustExist === true &&
    file !== undefined &&
    file !== ':memory:' &&
    !existsSync(file)
  ) {
    complain(`store unavailable: there is no SQLite file '${file}'.`);
    return exitCodes.unavailable;
  }
  let stores: OpenStores;
  try {
    stores = await openStores(url);
  } catch (error) {
    if (error instanceof InvalidAppendError) {
      complain(message(error));
      return exitCodes.invalidInput;
    }
    complain(`store unavailable: ${message(error)}`);
    return exitCodes.unavailable;
  }
  try {
    return await use(stores);
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      complain(`store unavailable: ${message(error)}`);
      return exitCodes.unavailable;
    }
    throw error;
  } finally {
    await stores.close().catch(() => undefined);
  }
}
