/* eslint-disable @typescript-eslint/no-non-null-assertion -- test code, like *.test.ts where the config relaxes this rule */
/**
 * Lease contract cases, run on every store that shares leases between processes: one holder at a
 * time, renewal, takeover after expiry with a greater fencing token, release, tokens never reused,
 * view commits refused for a stale token, and the table health reports read. Clocks are injected:
 * nothing waits for a lease to expire.
 */
import { expect, it } from 'vitest';
import { LeaseLostError, type Leases } from '../../engine/ports/leases.ts';
import type { ViewStore } from '../../engine/ports/view-store.ts';

/** Two processes' handles on one database, both judging time by `clock`. */
export interface LeaseContractContext {
  /** Opens leases and views for a holder on the same fresh database (per test, see `fresh`). */
  open(
    holder: string,
    clock: () => number,
    ttlMs: number,
  ): Promise<{
    leases: Leases;
    views: ViewStore;
  }>;
  /** Starts a fresh database for the next test's `open` calls. */
  fresh(): Promise<void>;
}

/** Registers the lease cases. */
export function leaseCases(ctx: LeaseContractContext): void {
  let time = 1_000_000;
  const clock = (): number => time;
  const ttl = 5000;
  const pair = async (): Promise<{ one: Leases; two: Leases; views: ViewStore }> => {
    await ctx.fresh();
    const one = await ctx.open('one', clock, ttl);
    const two = await ctx.open('two', clock, ttl);
    return { one: one.leases, two: two.leases, views: one.views };
  };

  it('gives a lease to one holder at a time and hands it over, with a greater token, once it expires', async () => {
    const { one, two } = await pair();
    const first = await one.acquire('agent:rules');
    expect(first).toMatchObject({ name: 'agent:rules', holder: 'one', expiresAt: time + ttl });
    expect(await two.acquire('agent:rules')).toBeUndefined();
    time += ttl - 1;
    const renewed = await one.renew(first!);
    expect(renewed?.expiresAt).toBe(time + ttl);
    time += ttl - 1;
    expect(await two.acquire('agent:rules')).toBeUndefined();
    time += 1;
    const second = await two.acquire('agent:rules');
    expect(second?.holder).toBe('two');
    expect(second!.token).toBeGreaterThan(first!.token);
    // The former holder can neither renew nor take it back while the new one holds it.
    expect(await one.renew(first!)).toBeUndefined();
    expect(await one.acquire('agent:rules')).toBeUndefined();
    expect(await two.renew(second!)).toBeDefined();
  });

  it('hands a released lease over at once, and never hands out a token twice', async () => {
    const { one, two } = await pair();
    const first = await one.acquire('builtin@1');
    await one.release(first!);
    const second = await two.acquire('builtin@1');
    expect(second!.token).toBeGreaterThan(first!.token);
    // A release with a stale token changes nothing.
    await one.release(first!);
    expect(await one.acquire('builtin@1')).toBeUndefined();
    await two.release(second!);
    const third = await one.acquire('builtin@1');
    expect(third!.token).toBeGreaterThan(second!.token);
    // Each lease has its own holder.
    expect(await two.acquire('agent:rules')).toBeDefined();
  });

  it('refuses a view commit made under a token that is no longer current, writing nothing', async () => {
    const { one, two, views } = await pair();
    const first = await one.acquire('view:p');
    const fence = (lease: { name: string; token: bigint }) => ({
      name: lease.name,
      token: lease.token,
    });
    await views.commit([
      {
        projection: 'p',
        checkpoint: 'c1',
        position: 1n,
        changes: [],
        expected: null,
        lease: fence(first!),
      },
    ]);
    time += ttl;
    const second = await two.acquire('view:p');
    // The batch after c1, written by the holder `by` under its lease.
    const nextBatch = (by: string, lease: { name: string; token: bigint }) =>
      views.commit([
        {
          projection: 'p',
          checkpoint: 'c2',
          position: 2n,
          changes: [{ view: 'v', key: 'k', row: { by } }],
          expected: { checkpoint: 'c1' },
          lease: fence(lease),
        },
      ]);
    const stale = nextBatch('one', first!);
    await expect(stale).rejects.toBeInstanceOf(LeaseLostError);
    await expect(stale).rejects.toMatchObject({ code: 'LEASE_LOST', lease: 'view:p' });
    expect(await views.get('v', 'k')).toBeUndefined();
    expect((await views.checkpoint('p'))?.checkpoint).toBe('c1');
    await nextBatch('two', second!);
    expect((await views.get('v', 'k'))?.row).toEqual({ by: 'two' });
  });

  it('reports every lease and the processes present, by the database clock', async () => {
    const { one, two } = await pair();
    await one.heartbeat(true);
    await two.heartbeat(true);
    const held = await one.acquire('agent:rules');
    time += 1500;
    await one.renew(held!);
    time += 500;
    const table = await two.table();
    expect(table.now).toBe(time);
    expect(table.leases).toEqual([
      {
        name: 'agent:rules',
        holder: 'one',
        token: held!.token,
        acquiredAt: time - 2000,
        renewedAt: time - 500,
        expiresAt: time - 500 + ttl,
      },
    ]);
    expect(table.members.map((member) => member.holder)).toEqual(['one', 'two']);
    await two.heartbeat(false);
    expect((await one.table()).members.map((member) => member.holder)).toEqual(['one']);
    time += ttl;
    expect((await one.table()).members).toEqual([]);
  });
}
