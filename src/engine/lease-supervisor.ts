/**
 * Runs each agent, view runner and relay in exactly one process: a runner starts when this process
 * takes its lease and stops when it loses it. Every round (one interval) the supervisor renews the
 * leases it holds and tries to take the others; a lease whose renewals keep failing is given up
 * locally when its ttl has run out since the last successful one, before any other process can
 * take it. Another process takes over within the ttl and one interval of the last renewal.
 */
import { HeldLease, type Lease, type MonotonicClock } from './held-lease.ts';
import type { Leases } from './ports/leases.ts';

/** Something that runs under a lease: started with it, stopped when it is lost. */
export interface LeasedRunner {
  readonly name: string;
  /** Starts running; everything it commits or performs from now on is guarded by `lease`. */
  start(lease: Lease): Promise<void>;
  stop(): Promise<void>;
}

export interface LeaseSupervisorOptions {
  /** How often leases are renewed and free ones tried (ms; default a fifth of the ttl, at most 1000). */
  readonly intervalMs?: number;
  /** The monotonic clock leases are judged by here (default `performance.now`). */
  readonly clock?: MonotonicClock;
  readonly onChange?: (name: string, running: boolean) => void;
  readonly onError?: (error: unknown) => void;
}

/** How this process stands with one runner's lease, for health reports. */
export interface LeaseStanding {
  readonly name: string;
  /** Whether this process holds the lease and runs the runner. */
  readonly held: boolean;
  readonly token?: bigint;
  /** How long this process has held it (ms). */
  readonly heldForMs?: number;
  /** Time since this process last renewed it successfully (ms, from when the renewal was sent). */
  readonly sinceRenewalMs?: number;
}

/** Keeps the runners this process holds leases for running, and only those. */
export class LeaseSupervisor {
  readonly #held = new Map<string, HeldLease>();
  readonly #clock: MonotonicClock;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly leases: Leases,
    private readonly runners: readonly LeasedRunner[],
    private readonly options: LeaseSupervisorOptions = {},
  ) {
    this.#clock = options.clock ?? (() => performance.now());
    this.#intervalMs = options.intervalMs ?? Math.max(50, Math.min(1000, leases.ttlMs / 5));
  }

  /** The runners running in this process now. */
  get running(): readonly string[] {
    return [...this.#held.keys()];
  }

  /** The lease store this supervisor takes its leases from. */
  get source(): Leases {
    return this.leases;
  }

  /** How this process stands with each runner's lease (impure: reads the clock). */
  standings(): readonly LeaseStanding[] {
    const now = this.#clock();
    return this.runners.map(({ name }) => {
      const lease = this.#held.get(name);
      if (lease === undefined) return { name, held: false };
      return {
        name,
        held: true,
        token: lease.grant.token,
        heldForMs: Math.round(now - lease.acquiredAt),
        sinceRenewalMs: Math.round(now - lease.renewedAt),
      };
    });
  }

  /** Takes what leases it can now, then keeps renewing and trying every interval. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.check();
    this.#timer = setInterval(() => void this.check(), this.#intervalMs);
    this.#timer.unref();
  }

  /**
   * One round: stop the runners whose lease ran out here, renew the others, take what is free and
   * start its runner. A store that cannot be reached renews nothing: what is held stays held until
   * its ttl runs out here, then stops. Errors are reported and the next round tries again.
   */
  check(): Promise<void> {
    this.#tick = this.#tick
      .then(async () => {
        if (this.#stopped) return;
        await this.leases.heartbeat(true).catch((error: unknown) => this.options.onError?.(error));
        for (const runner of this.runners) await this.#round(runner);
      })
      .catch((error: unknown) => this.options.onError?.(error));
    return this.#tick;
  }

  async #round(runner: LeasedRunner): Promise<void> {
    const held = this.#held.get(runner.name);
    if (held !== undefined) {
      if (held.valid) {
        const sentAt = this.#clock();
        try {
          if ((await this.leases.renew(held.grant)) !== undefined) held.renewed(sentAt);
          else held.lose();
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      if (!held.valid) await this.#stopRunner(runner, held);
      return;
    }
    const sentAt = this.#clock();
    let grant;
    try {
      grant = await this.leases.acquire(runner.name);
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    if (grant === undefined) return;
    const lease = new HeldLease(grant, sentAt, this.leases.ttlMs, this.#clock, this.leases.fences);
    this.#held.set(runner.name, lease);
    try {
      await runner.start(lease);
    } catch (error) {
      // It could not start: the lease goes back, so that another process may run it.
      this.#held.delete(runner.name);
      lease.lose();
      await this.leases.release(lease.grant).catch(() => undefined);
      this.options.onError?.(error);
      return;
    }
    this.options.onChange?.(runner.name, true);
  }

  /**
   * Stops a runner. A lost lease is marked lost first, so that what the runner has in flight acts
   * on nothing more; on a graceful stop the runner finishes its batch first.
   */
  async #stopRunner(runner: LeasedRunner, lease: HeldLease, graceful = false): Promise<void> {
    if (!graceful) lease.lose();
    this.#held.delete(runner.name);
    try {
      await runner.stop();
    } finally {
      lease.lose();
      this.options.onChange?.(runner.name, false);
    }
  }

  /** Stops every runner and gives the leases up, so another process takes over at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#tick;
    for (const runner of this.runners) {
      const lease = this.#held.get(runner.name);
      if (lease === undefined) continue;
      await this.#stopRunner(runner, lease, true).catch((error: unknown) =>
        this.options.onError?.(error),
      );
      await this.leases
        .release(lease.grant)
        .catch((error: unknown) => this.options.onError?.(error));
    }
    await this.leases.heartbeat(false).catch((error: unknown) => this.options.onError?.(error));
  }
}
