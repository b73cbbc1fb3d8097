import { describe, expect, it } from 'vitest';
import { soleProcessLeases } from '../../engine/ports/leases.ts';
import { leasesHealth } from './lease-health.ts';

const lease = (name: string, holder: string, token: bigint, at: number, renewed: number) => ({
  name,
  holder,
  token,
  acquiredAt: at,
  renewedAt: renewed,
  expiresAt: renewed + 5000,
});

describe('the leases in the health report', () => {
  it('shows holders, standbys, lease ages and the time since the last renewal', () => {
    const health = leasesHealth('a', 5000, {
      now: 100_000,
      leases: [
        lease('agent:rules', 'a', 3n, 40_000, 99_600),
        lease('builtin@1', 'c', 1n, 10_000, 90_000),
        lease('view:x@1', 'a', 7n, 70_000, 99_000),
      ],
      members: [lease('a', 'a', 0n, 0, 99_700), lease('b', 'b', 0n, 0, 99_200)],
    });
    expect(health.ttlMs).toBe(5000);
    expect(health.leases).toEqual([
      {
        name: 'agent:rules',
        holder: 'a',
        token: '3',
        here: true,
        ageMs: 60_000,
        sinceRenewalMs: 400,
        expiresInMs: 4600,
      },
      {
        name: 'builtin@1',
        holder: null,
        lastHolder: 'c',
        token: '1',
        here: false,
        ageMs: 0,
        sinceRenewalMs: 10_000,
        expiresInMs: 0,
      },
      {
        name: 'view:x@1',
        holder: 'a',
        token: '7',
        here: true,
        ageMs: 30_000,
        sinceRenewalMs: 1000,
        expiresInMs: 4000,
      },
    ]);
    expect(health.processes).toEqual([
      { holder: 'a', role: 'holder', leases: ['agent:rules', 'view:x@1'], sinceHeartbeatMs: 300 },
      { holder: 'b', role: 'standby', leases: [], sinceHeartbeatMs: 800 },
    ]);
  });

  it('says why when the lease table cannot be read', () => {
    expect(leasesHealth('a', 5000, { error: 'database away' })).toEqual({
      holder: 'a',
      ttlMs: 5000,
      leases: [],
      processes: [],
      error: 'database away',
    });
  });

  it('shows a process running alone as the holder of leases that never expire', async () => {
    const leases = soleProcessLeases('solo');
    await leases.acquire('agent:rules');
    const health = leasesHealth('solo', leases.ttlMs, await leases.table());
    expect(health.ttlMs).toBeNull();
    expect(health.leases).toMatchObject([
      { name: 'agent:rules', holder: 'solo', expiresInMs: null },
    ]);
    expect(health.processes).toMatchObject([{ holder: 'solo', role: 'holder' }]);
  });
});
