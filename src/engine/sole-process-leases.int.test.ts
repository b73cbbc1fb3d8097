/**
 * A process run without leases (embedding, tests, `createFactum` with no `leases`) is the only one
 * running its agent and views: its commits carry no token, so the lease rows another run left in
 * the same SQLite file do not stop it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataShopModel } from '../model/data/data-model.test-support.ts';
import { sqliteEventStore } from '../stores/sqlite/sqlite-event-store.ts';
import { sqliteLeases } from '../stores/sqlite/sqlite-leases.ts';
import { sqliteViewStore } from '../stores/sqlite/sqlite-view-store.ts';
import { createFactum } from './factum.ts';
import { done } from './perform-outcome.test-support.ts';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a process without leases on SQLite', () => {
  it.each([
    ['a fresh file', false],
    ['a file whose lease rows another run left', true],
  ])('runs its rules and views on %s', async (_, leftBehind) => {
    const dir = mkdtempSync(join(tmpdir(), 'factum-sole-'));
    dirs.push(dir);
    const store = sqliteEventStore({ path: join(dir, 'factum.db') });
    if (leftBehind) {
      // An earlier `factum serve` took every lease, several times over, and went away.
      let now = 0;
      const earlier = sqliteLeases(store.database, {
        holder: 'earlier',
        ttlMs: 1,
        now: () => now++,
      });
      for (let round = 0; round < 3; round++) {
        for (const name of ['agent:rules', 'view:statuses']) await earlier.acquire(name);
      }
      const table = await earlier.table();
      expect(table.leases.map((lease) => lease.token)).not.toContain(1n);
    }
    const factum = createFactum({
      model: dataShopModel(),
      store,
      views: sqliteViewStore(store),
      agentOptions: { backoffMs: 1, timerIntervalMs: 600_000 },
    });
    try {
      await factum.model.demoData?.(factum);
      await factum.start();
      await done(factum, {
        kind: 'TK01',
        act: 'request',
        performer: { actor: 'alice', role: 'CA01' },
        payload: { lines: [{ sku: 'SET-070', qty: 2 }] },
      });
      await factum.settle();
      const timers = (await factum.views.query('timers', { limit: 10 })).rows;
      expect(timers.map((timer) => timer.row.rule)).toEqual(['decline-stale-request']);
      expect(await factum.agent?.parked()).toEqual([]);
    } finally {
      await factum.stop();
      await store.close();
    }
  });
});
