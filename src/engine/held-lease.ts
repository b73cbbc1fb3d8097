/**
 * A lease as the process holding it sees it: its fencing token, and until when it may act under it
 * by its own monotonic clock. The database extends a lease by the ttl from *its* time of renewal,
 * which is never before this process sent the renewal; so counting the ttl from the send time here,
 * the holder always gives up before the database lets another process take over — the way Chubby
 * and etcd clients judge their leases. A process frozen past that time wakes to a lease it knows is
 * lost, and stops before doing anything else.
 */
import { LeaseLostError, type LeaseFence, type LeaseGrant } from './ports/leases.ts';

/** What a runner holds while it runs: checked before each effect, carried by each commit. */
export interface Lease {
  /** The lease as granted: its name and token. */
  readonly grant: LeaseFence;
  /**
   * The name and token every guarded commit carries (`ProjectionCommit.lease`); undefined when the
   * leases are not kept where commits are checked (`Leases.fences` false).
   */
  readonly fence: LeaseFence | undefined;
  /** Whether this process may still act under the lease now (impure: reads the clock). */
  readonly valid: boolean;
  /** Throws LeaseLostError when the lease is no longer valid here (impure: reads the clock). */
  check(): void;
}

/** A monotonic clock in ms (a SIGSTOP does not stop it): `performance.now` unless injected. */
export type MonotonicClock = () => number;

/** A lease held by this process; the supervisor renews it, the runner checks it. */
export class HeldLease implements Lease {
  readonly grant: LeaseFence;
  readonly fence: LeaseFence | undefined;
  /** Monotonic time it was taken here. */
  readonly acquiredAt: number;
  #validUntil: number;
  #renewedAt: number;
  #lost = false;

  constructor(
    grant: LeaseGrant,
    /** Monotonic time the request that granted it was sent. */
    sentAt: number,
    private readonly ttlMs: number,
    private readonly clock: MonotonicClock,
    /** Whether commits carry the token (`Leases.fences`). */
    fences = true,
  ) {
    this.grant = { name: grant.name, token: grant.token };
    this.fence = fences ? this.grant : undefined;
    this.acquiredAt = sentAt;
    this.#renewedAt = sentAt;
    this.#validUntil = sentAt + ttlMs;
  }

  get valid(): boolean {
    return !this.#lost && this.clock() < this.#validUntil;
  }

  /** Monotonic time of the last successful renewal's request. */
  get renewedAt(): number {
    return this.#renewedAt;
  }

  check(): void {
    if (!this.valid) throw new LeaseLostError(this.grant.name, this.grant.token);
  }

  /** Records a successful renewal whose request was sent at `sentAt` (monotonic). */
  renewed(sentAt: number): void {
    if (this.#lost) return;
    this.#renewedAt = sentAt;
    this.#validUntil = Math.max(this.#validUntil, sentAt + this.ttlMs);
  }

  /** Marks the lease lost for good: every later check fails. */
  lose(): void {
    this.#lost = true;
  }
}
