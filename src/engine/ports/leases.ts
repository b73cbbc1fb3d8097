/**
 * The lease port: which process runs each agent and view runner when several share one database.
 * A lease is held by one process at a time; when that process dies, another takes it over within
 * seconds. Leases keep the work in one place; fencing (a view commit checks the checkpoint it
 * started from) keeps it correct even if two runners ever overlap.
 */

/** Hands out named leases to this process. */
export interface Leases {
  /** This process's id as a lease holder. */
  readonly holder: string;
  /** Takes or renews the named lease; true while this process holds it. */
  tryAcquire(name: string): Promise<boolean>;
  /** Gives the lease up, if held. */
  release(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Leases for a single process: every lease is always held (memory store, tests, embedding). */
export function soleProcessLeases(holder = 'this-process'): Leases {
  return {
    holder,
    tryAcquire: () => Promise.resolve(true),
    release: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
