/**
 * The lease port: which process runs each agent, view runner and relay when several share one
 * database. A lease is a row with a holder, an expiry and a fencing token. The holder renews it
 * well before it expires; a holder that stops renewing (it died, froze, or lost the database)
 * loses it when it expires, and another process takes it with the next token. Every commit a
 * lease guards carries its token, and the store refuses one whose token is no longer current: a
 * former holder that wakes up late can finish nothing (see `LeaseFence`).
 *
 * Expiry is judged by the database's clock (one clock for every process, as etcd and Kafka's
 * group coordinator judge it by theirs); a holder judges its own lease by its monotonic clock
 * from when it sent its last successful renewal, so it always gives up before anyone takes over.
 */

/** What a guarded commit carries to prove it comes from the current holder of a lease. */
export interface LeaseFence {
  readonly name: string;
  /** Increases every time the lease changes hands; a commit with an older one is refused. */
  readonly token: bigint;
}

/** A lease this process was granted: its fencing token and when the database says it expires. */
export interface LeaseGrant extends LeaseFence {
  readonly holder: string;
  /** Database time (ms since the epoch) it expires unless renewed. */
  readonly expiresAt: number;
}

/** A lease as the database keeps it, for health reports. */
export interface LeaseRecord extends LeaseGrant {
  /** Database time it was taken by this holder (ms since the epoch). */
  readonly acquiredAt: number;
  /** Database time of the last renewal. */
  readonly renewedAt: number;
}

/** Every lease and process the database knows, read at one database time. */
export interface LeaseTable {
  /** The database's time when read (ms since the epoch): ages and expiries count from it. */
  readonly now: number;
  readonly leases: readonly LeaseRecord[];
  /** Processes present (their presence unexpired), holders or not. */
  readonly members: readonly LeaseRecord[];
}

/** Hands out named leases to this process. */
export interface Leases {
  /** This process's id as a lease holder. */
  readonly holder: string;
  /** How long a lease lasts without renewal (ms). */
  readonly ttlMs: number;
  /**
   * Whether the tokens are kept in the database the views are committed to, so that a guarded
   * commit carries its token and the store checks it. False for leases no other process can take
   * (`soleProcessLeases`): there is nothing to fence against, and the database may hold another
   * process's tokens of the same names from an earlier run.
   */
  readonly fences: boolean;
  /** Takes the lease if it is free or expired (with the next token); undefined when another holds it. */
  acquire(name: string): Promise<LeaseGrant | undefined>;
  /**
   * Extends a lease still held with this token; undefined when it expired or changed hands (it is
   * then lost: take it again with `acquire`, under a new token).
   */
  renew(grant: LeaseFence): Promise<LeaseGrant | undefined>;
  /** Gives the lease up at once, if still held with this token; the token stays spent. */
  release(grant: LeaseFence): Promise<void>;
  /**
   * Says this process is present (a standby or a holder) for the next ttl; `false` removes it.
   * Shown in health reports, like the members of a consumer group.
   */
  heartbeat(present: boolean): Promise<void>;
  /** Every lease and present process, for health reports. */
  table(): Promise<LeaseTable>;
  close(): Promise<void>;
}

/** Thrown when work guarded by a lease is attempted after the lease was lost: nothing was done. */
export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(
    readonly lease: string,
    readonly token: bigint,
    options?: ErrorOptions,
  ) {
    super(`The lease '${lease}' (token ${token}) is no longer held by this process.`, options);
    this.name = 'LeaseLostError';
  }
}

/**
 * Leases for a single process: every lease is always granted and never runs out (memory store,
 * tests, embedding); nothing to fence against, so every token is 1 (pure apart from the clock).
 */
export function soleProcessLeases(holder = 'this-process'): Leases {
  const ttlMs = Number.POSITIVE_INFINITY;
  const started = Date.now();
  const granted = new Map<string, LeaseRecord>();
  const grant = (name: string): LeaseGrant => {
    const now = Date.now();
    const record: LeaseRecord = {
      name,
      holder,
      token: 1n,
      acquiredAt: granted.get(name)?.acquiredAt ?? now,
      renewedAt: now,
      expiresAt: now + ttlMs,
    };
    granted.set(name, record);
    return record;
  };
  return {
    holder,
    ttlMs,
    fences: false,
    acquire: (name) => Promise.resolve(grant(name)),
    renew: (fence) => Promise.resolve(grant(fence.name)),
    release: (fence) => {
      granted.delete(fence.name);
      return Promise.resolve();
    },
    heartbeat: () => Promise.resolve(),
    table: () => {
      const now = Date.now();
      return Promise.resolve({
        now,
        leases: [...granted.values()],
        members: [
          { name: holder, holder, token: 1n, acquiredAt: started, renewedAt: now, expiresAt: now },
        ],
      });
    },
    close: () => Promise.resolve(),
  };
}
