/**
 * A deadline written as data survives a restart on SQLite: the timer is an event in the log, so a
 * new process on the same file fires it when due, once, assessing the rule on the facts then.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataShopModel } from '../../model/data/data-model.test-support.ts';
import { sqliteEventStore } from '../../stores/sqlite/sqlite-event-store.ts';
import { sqliteViewStore } from '../../stores/sqlite/sqlite-view-store.ts';
import { createFactum } from '../factum.ts';
import { done } from '../perform-outcome.test-support.ts';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(path: string, clock: { now: number }) {
  const store = sqliteEventStore({ path });
  const factum = createFactum({
    model: dataShopModel(),
    store,
    views: sqliteViewStore(store),
    now: () => new Date((clock.now += 1000)),
    agentOptions: { backoffMs: 1, timerIntervalMs: 600_000 },
  });
  return { store, factum };
}

describe('deadlines as data on SQLite', () => {
  it('fires a deadline scheduled before a restart, once, after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factum-deadline-'));
    dirs.push(dir);
    const path = join(dir, 'factum.db');
    const clock = { now: Date.parse('2026-03-02T10:00:00Z') };

    const first = open(path, clock);
    await first.factum.model.demoData?.(first.factum);
    await first.factum.start();
    const { transactionId: id } = await done(first.factum, {
      kind: 'TK01',
      act: 'request',
      performer: { actor: 'alice', role: 'CA01' },
      payload: { lines: [{ sku: 'SET-070', qty: 2 }] },
    });
    await first.factum.settle();
    const timers = (await first.factum.views.query('timers', { limit: 10 })).rows;
    expect(timers.map((t) => t.row.rule)).toEqual(['decline-stale-request']);
    await first.factum.stop();
    await first.store.close();

    clock.now += 31 * 60 * 1000;
    const second = open(path, clock);
    await second.factum.start();
    await second.factum.agent?.fireDueTimers();
    await second.factum.agent?.fireDueTimers();
    await second.factum.settle();
    const facts = await second.factum.engine.reader.facts(id);
    expect(facts.map((f) => f.fact)).toEqual(['requested', 'declined']);
    expect(facts[1]?.justification).toBe('Not promised within 30 minutes.');
    expect((await second.factum.views.query('timers', { limit: 10 })).rows).toEqual([]);
    const fired: string[] = [];
    for await (const event of second.store.readAll())
      if (event.type === 'TimerFired') fired.push((event.data as { outcome: string }).outcome);
    expect(fired).toEqual(['performed']);
    await second.factum.stop();
    await second.store.close();
  });
});
