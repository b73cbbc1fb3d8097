import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe } from 'vitest';
import { leaseCases } from '../contract/lease-cases.ts';
import { sqliteEventStore, type SqliteEventStore } from './sqlite-event-store.ts';
import { sqliteLeases } from './sqlite-leases.ts';
import { sqliteViewStore } from './sqlite-view-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'factum-leases-'));
const opened: SqliteEventStore[] = [];
let file = 0;
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite leases, two connections on one file', () => {
  leaseCases({
    fresh: () => {
      file += 1;
      return Promise.resolve();
    },
    open: (holder, clock, ttlMs) => {
      const store = sqliteEventStore({ path: join(dir, `leases-${file}.db`) });
      opened.push(store);
      return Promise.resolve({
        leases: sqliteLeases(store.database, { holder, now: clock, ttlMs }),
        views: sqliteViewStore(store),
      });
    },
  });
});
