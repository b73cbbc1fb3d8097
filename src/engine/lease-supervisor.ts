/**
 * Runs each agent and view runner in exactly one process: a runner starts while this process holds
 * its lease and stops when it loses it. Another process takes over within one interval of the
 * lease being freed (its holder died or gave it up).
 */
import type { Leases } from './ports/leases.ts';

/** Something that runs under a lease. */
export interface LeasedRunner {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Keeps the runners this process holds leases for running, and only those. */
export class LeaseSupervisor {
  readonly #running = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();

  constructor(
    private readonly leases: Leases,
    private readonly runners: readonly LeasedRunner[],
    private readonly intervalMs = 1000,
    private readonly onChange?: (name: string, running: boolean) => void,
    private readonly onError?: (error: unknown) => void,
  ) {}

  /** The runners running in this process now. */
  get running(): readonly string[] {
    return [...this.#running];
  }

  /** Takes what leases it can now, then keeps trying every interval. */
  async start(): Promise<void> {
    await this.check();
    this.#timer = setInterval(() => void this.check(), this.intervalMs);
    this.#timer.unref();
  }

  /**
   * One round: start the runners whose lease was taken, stop those whose lease was lost. A store
   * that cannot be reached counts as a lost lease (another process may take over); the error is
   * reported and the next round tries again.
   */
  check(): Promise<void> {
    this.#tick = this.#tick
      .then(async () => {
        for (const runner of this.runners) {
          let holds: boolean;
          try {
            holds = await this.leases.tryAcquire(runner.name);
          } catch (error) {
            this.onError?.(error);
            holds = false;
          }
          const runs = this.#running.has(runner.name);
          if (holds && !runs) {
            await runner.start();
            this.#running.add(runner.name);
            this.onChange?.(runner.name, true);
          } else if (!holds && runs) {
            await runner.stop();
            this.#running.delete(runner.name);
            this.onChange?.(runner.name, false);
          }
        }
      })
      .catch((error: unknown) => {
        // A runner that failed to start or stop: reported, and the next round tries again.
        this.onError?.(error);
      });
    return this.#tick;
  }

  /** Stops every runner and gives the leases up, so another process takes over at once. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#tick;
    for (const runner of this.runners) {
      if (this.#running.delete(runner.name)) await runner.stop();
      await this.leases.release(runner.name).catch((error: unknown) => this.onError?.(error));
    }
  }
}
