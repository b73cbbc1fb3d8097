import { describe, expect, it } from 'vitest';
import type { Lease } from './held-lease.ts';
import { LeaseSupervisor, type LeasedRunner } from './lease-supervisor.ts';
import { LeaseLostError, type LeaseRecord, type Leases } from './ports/leases.ts';

/** One clock for the "database" and every process: tests move it; nothing sleeps. */
class World {
  now = 0;
  readonly rows = new Map<string, LeaseRecord>();
  /** Holders whose store calls fail (their database is unreachable). */
  readonly cutOff = new Set<string>();

  leases(holder: string, ttlMs = 5000): Leases {
    const reach = (): void => {
      if (this.cutOff.has(holder)) throw new Error('database unreachable');
    };
    return {
      holder,
      ttlMs,
      fences: true,
      acquire: (name) => {
        reach();
        const row = this.rows.get(name);
        if (row !== undefined && row.expiresAt > this.now) return Promise.resolve(undefined);
        const taken = {
          name,
          holder,
          token: (row?.token ?? 0n) + 1n,
          acquiredAt: this.now,
          renewedAt: this.now,
          expiresAt: this.now + ttlMs,
        };
        this.rows.set(name, taken);
        return Promise.resolve(taken);
      },
      renew: (fence) => {
        reach();
        const row = this.rows.get(fence.name);
        if (row?.holder !== holder || row.token !== fence.token || row.expiresAt <= this.now)
          return Promise.resolve(undefined);
        const renewed = { ...row, renewedAt: this.now, expiresAt: this.now + ttlMs };
        this.rows.set(fence.name, renewed);
        return Promise.resolve(renewed);
      },
      release: (fence) => {
        const row = this.rows.get(fence.name);
        if (row?.holder === holder && row.token === fence.token)
          this.rows.set(fence.name, { ...row, expiresAt: 0 });
        return Promise.resolve();
      },
      heartbeat: () => Promise.resolve(),
      table: () => Promise.resolve({ now: this.now, leases: [...this.rows.values()], members: [] }),
      close: () => Promise.resolve(),
    };
  }
}

/** A runner that records what it was started with and whether it runs. */
class Recorder implements LeasedRunner {
  lease: Lease | undefined;
  running = false;
  failStart = false;
  constructor(readonly name: string) {}
  start(lease: Lease): Promise<void> {
    if (this.failStart) return Promise.reject(new Error('cannot start'));
    this.lease = lease;
    this.running = true;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }
}

function member(world: World, holder: string, names = ['agent:rules', 'builtin@1']) {
  const runners = names.map((name) => new Recorder(name));
  const errors: unknown[] = [];
  const supervisor = new LeaseSupervisor(world.leases(holder), runners, {
    clock: () => world.now,
    onError: (error) => errors.push(error),
  });
  return { runners, supervisor, errors };
}

describe('LeaseSupervisor', () => {
  it('runs each runner in one process; a frozen holder gives up before another takes over', async () => {
    const world = new World();
    const a = member(world, 'a');
    const b = member(world, 'b');
    await a.supervisor.check();
    await b.supervisor.check();
    expect(a.supervisor.running).toEqual(['agent:rules', 'builtin@1']);
    expect(b.supervisor.running).toEqual([]);
    const [agentA] = a.runners;
    const heldByA = agentA!.lease!;
    expect(heldByA.valid).toBe(true);

    // Renewed each round, the lease lasts as long as the holder comes round.
    for (let round = 0; round < 10; round += 1) {
      world.now += 1000;
      await a.supervisor.check();
      await b.supervisor.check();
    }
    expect(b.supervisor.running).toEqual([]);
    expect(a.supervisor.standings()[0]).toEqual({
      name: 'agent:rules',
      held: true,
      token: 1n,
      heldForMs: 10_000,
      sinceRenewalMs: 0,
    });

    // a freezes (no more rounds). Its runner, were it to act, finds the lease lost at the ttl —
    // not a moment later than another process can take it.
    world.now += 4999;
    await b.supervisor.check();
    expect(b.supervisor.running).toEqual([]);
    expect(heldByA.valid).toBe(true);
    world.now += 1;
    expect(heldByA.valid).toBe(false);
    expect(() => heldByA.check()).toThrow(LeaseLostError);
    await b.supervisor.check();
    expect(b.supervisor.running).toEqual(['agent:rules', 'builtin@1']);
    expect(b.runners[0]!.lease!.grant.token).toBe(2n);

    // a thaws: its first round stops its runners without renewing anything.
    expect(agentA!.running).toBe(true);
    await a.supervisor.check();
    expect(a.runners.map((runner) => runner.running)).toEqual([false, false]);
    expect(a.supervisor.running).toEqual([]);
    expect(world.rows.get('agent:rules')?.holder).toBe('b');
  });

  it('keeps a lease while renewals fail, until its ttl runs out since the last one', async () => {
    const world = new World();
    const a = member(world, 'a', ['agent:rules']);
    await a.supervisor.check();
    world.cutOff.add('a');
    for (let at = 1000; at < 5000; at += 1000) {
      world.now = at;
      await a.supervisor.check();
      expect(a.supervisor.running).toEqual(['agent:rules']);
    }
    expect(a.supervisor.standings()[0]?.sinceRenewalMs).toBe(4000);
    world.now = 5000;
    await a.supervisor.check();
    expect(a.supervisor.running).toEqual([]);
    expect(a.runners[0]!.running).toBe(false);
    expect(a.errors.length).toBeGreaterThan(0);
    // Back in reach: the lease is taken again, under a new token.
    world.cutOff.delete('a');
    world.now = 5001;
    await a.supervisor.check();
    expect(a.runners[0]!.lease!.grant.token).toBe(2n);
  });

  it('gives the lease back when its runner cannot start, and all of them on stop', async () => {
    const world = new World();
    const a = member(world, 'a', ['agent:rules', 'builtin@1']);
    a.runners[0]!.failStart = true;
    await a.supervisor.check();
    expect(a.supervisor.running).toEqual(['builtin@1']);
    expect(world.rows.get('agent:rules')?.expiresAt).toBe(0);
    const b = member(world, 'b', ['agent:rules', 'builtin@1']);
    await b.supervisor.check();
    expect(b.supervisor.running).toEqual(['agent:rules']);
    await a.supervisor.stop();
    expect(a.runners[1]!.running).toBe(false);
    await b.supervisor.check();
    expect(b.supervisor.running).toEqual(['agent:rules', 'builtin@1']);
  });
});
