import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeViewStore } from '../contract/describe-view-store.ts';
import { sqliteEventStore } from './sqlite-event-store.ts';
import { sqliteViewStore } from './sqlite-view-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'factum-sqlite-views-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;

describeViewStore('sqlite file', () => {
  count += 1;
  const path = join(dir, `views-${count}.db`);
  const events = sqliteEventStore({ path, synchronous: 'NORMAL' });
  return Promise.resolve({
    views: sqliteViewStore(events),
    cleanup: async () => {
      await events.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    },
  });
});
