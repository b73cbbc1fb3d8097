import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { sqliteEventStore, type SqliteEventStore } from './sqlite-event-store.ts';
import { sqliteLeases } from './sqlite-leases.ts';

const opened: SqliteEventStore[] = [];
const dir = mkdtempSync(join(tmpdir(), 'factum-leases-'));
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

function open(): SqliteEventStore {
  const store = sqliteEventStore({ path: join(dir, 'leases.db') });
  opened.push(store);
  return store;
}

it('gives a lease to one holder at a time, renews it, and hands it over once it expires or is released', async () => {
  const first = sqliteLeases(open().database, { holder: 'one', ttlMs: 200 });
  const second = sqliteLeases(open().database, { holder: 'two', ttlMs: 200 });
  expect(await first.tryAcquire('agent:rules')).toBe(true);
  expect(await second.tryAcquire('agent:rules')).toBe(false);
  expect(await first.tryAcquire('agent:rules')).toBe(true);
  expect(await second.tryAcquire('builtin@1')).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(await second.tryAcquire('agent:rules')).toBe(true);
  expect(await first.tryAcquire('agent:rules')).toBe(false);
  await second.release('agent:rules');
  expect(await first.tryAcquire('agent:rules')).toBe(true);
  rmSync(dir, { recursive: true, force: true });
});
