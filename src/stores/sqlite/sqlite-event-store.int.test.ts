import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeEventStore } from '../contract/describe-event-store.ts';
import { sqliteEventStore } from './sqlite-event-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'factum-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;

describeEventStore('sqlite file', () => {
  count += 1;
  const path = join(dir, `store-${count}.db`);
  return Promise.resolve({
    store: sqliteEventStore({ path }),
    cleanup: () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      return Promise.resolve();
    },
  });
});

describeEventStore(
  'sqlite :memory:',
  () => Promise.resolve({ store: sqliteEventStore({ path: ':memory:' }) }),
  { heavy: false },
);
