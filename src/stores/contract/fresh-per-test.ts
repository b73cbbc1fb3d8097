/**
 * One fresh store per test, for the contract suites: made before each test by the factory, closed
 * and cleaned up after it, reached through the returned accessor.
 */
import { afterEach, beforeEach } from 'vitest';

/** What a contract factory returns: the store under test and how to remove it afterwards. */
export interface Made {
  readonly cleanup?: () => Promise<void>;
}

/** Registers the per-test lifecycle and returns the accessor of the current store (effectful). */
export function freshPerTest<T extends Made>(
  factory: () => Promise<T>,
  close: (made: T) => Promise<void>,
  what: string,
): () => T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const made = current;
    current = undefined;
    if (made === undefined) return;
    try {
      await close(made);
    } finally {
      await made.cleanup?.();
    }
  });
  return () => {
    if (current === undefined)
      throw new Error(`No ${what}: the factory has not run for this test.`);
    return current;
  };
}
