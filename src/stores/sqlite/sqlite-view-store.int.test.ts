import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { describeViewStore } from '../contract/describe-view-store.ts';
import { expectVersionOneRowsCarryOn, versionOneRows } from '../contract/view-upgrade-check.ts';
import { expectRetiredViewsSwept } from '../contract/view-sweep-check.ts';
import { schemaVersion, sqliteMigrations } from './migrations.ts';
import { sqliteEventStore } from './sqlite-event-store.ts';
import { migrateViews, sqliteViewMigrations, viewSchemaVersion } from './sqlite-view-migrations.ts';
import { SqliteViewStore, sqliteViewStore } from './sqlite-view-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'factum-sqlite-views-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const nextPath = (): string => {
  count += 1;
  return join(dir, `views-${count}.db`);
};
const childScript = fileURLToPath(new URL('./testing/child-view-committer.ts', import.meta.url));

describeViewStore('sqlite file', () => {
  const path = nextPath();
  const events = sqliteEventStore({ path, synchronous: 'NORMAL' });
  return Promise.resolve({
    views: sqliteViewStore(events),
    cleanup: async () => {
      await events.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    },
  });
});

describe('sqlite view store beside the event store', () => {
  it('shares the file and connection: own migrations, the event schema untouched', async () => {
    const path = nextPath();
    const events = sqliteEventStore({ path });
    const views = sqliteViewStore(events);
    await events.append({
      streamId: 's-1',
      expectedVersion: 'no_stream',
      events: [{ id: 'e-1', type: 'Requested', data: {} }],
    });
    await views.commit([
      {
        projection: 'p',
        checkpoint: 'c-1',
        position: 1n,
        changes: [{ view: 'v', key: 'k', row: { n: 1 } }],
      },
    ]);
    expect(schemaVersion(events.database)).toBe(sqliteMigrations.at(-1)?.version);
    expect(viewSchemaVersion(events.database)).toBe(sqliteViewMigrations.at(-1)?.version);
    await views.close();
    await events.close();

    // Reopened: nothing to migrate, the rows are there for a fresh connection.
    const again = sqliteEventStore({ path });
    const reopened = sqliteViewStore(again);
    expect((await reopened.get('v', 'k'))?.row).toEqual({ n: 1 });
    expect((await reopened.checkpoint('p'))?.position).toBe(1n);
    expect((await again.readStream('s-1')).map((event) => event.id)).toEqual(['e-1']);
    await again.close();
    // The connection belongs to the event store: once it is closed, the view store is unavailable.
    await expect(reopened.get('v', 'k')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('refuses work once closed, and keeps a busy timeout on the connection', async () => {
    const db = new Database(':memory:', { timeout: 0 });
    const views = new SqliteViewStore(db);
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBe(5000);
    new SqliteViewStore(db, { busyTimeoutMs: 1234 });
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBe(1234);
    await views.close();
    await expect(views.commit([])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(views.query('v')).rejects.toBeInstanceOf(StoreUnavailableError);
    db.close();
  });

  it('lets two processes commit to one file at once, waiting for each other', async () => {
    const path = nextPath();
    const events = sqliteEventStore({ path, busyTimeoutMs: 10_000 });
    const views = sqliteViewStore(events);
    const commits = 150;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', childScript, path, String(commits), 'child'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await vi.waitUntil(
      () => {
        if (child.exitCode !== null) throw new Error(`child exited early: ${stderr}`);
        return stdout.includes('"ready"');
      },
      { timeout: 15_000, interval: 10 },
    );
    for (let i = 0; i < commits; i += 1) {
      await views.commit([
        {
          projection: 'parent',
          checkpoint: `parent-${i}`,
          position: BigInt(i),
          changes: [
            { view: 'shared', key: `parent-${i}`, row: { tag: 'parent', i } },
            { view: 'shared', key: 'last-writer', row: { tag: 'parent', i } },
          ],
        },
      ]);
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(await exited, stderr).toBe(0);
    expect(stdout).toContain('"done"');
    const page = await views.query('shared', { keyPrefix: 'child-' });
    expect(page.total).toBe(commits);
    expect((await views.query('shared', { keyPrefix: 'parent-' })).total).toBe(commits);
    expect((await views.checkpoint('child'))?.checkpoint).toBe(`child-${commits - 1}`);
    expect((await views.checkpoint('parent'))?.position).toBe(BigInt(commits - 1));
    await views.close();
    await events.close();
  });
});

describe('sqlite view rows keyed by view id', () => {
  it('migrates the rows of the first schema, which read, filter and commit as before', async () => {
    const db = new Database(nextPath());
    migrateViews(db, sqliteViewMigrations.slice(0, 1));
    const insert = db.prepare(
      'INSERT INTO view_rows (view, key, partition, owner, row) VALUES (?, ?, ?, ?, ?)',
    );
    for (const values of versionOneRows) insert.run(...values);
    const views = new SqliteViewStore(db);
    expect(viewSchemaVersion(db)).toBe(sqliteViewMigrations.at(-1)?.version);
    await expectVersionOneRowsCarryOn(views);
    db.close();
  });

  it('sweeps the rows of views a swap or a reset retired, a crash’s leftovers too', async () => {
    const db = new Database(nextPath());
    const views = new SqliteViewStore(db);
    const count = (sql: string): Promise<number> =>
      Promise.resolve((db.prepare(sql).get() as { n: number }).n);
    await expectRetiredViewsSwept(
      views,
      {
        storedRows: () => count('SELECT count(*) AS n FROM view_rows'),
        // No tombstones are kept: a retired view's id goes with its rows.
        retiredIds: () => count('SELECT count(*) AS n FROM view_names WHERE name IS NULL'),
        retireUnswept: (view) => {
          db.prepare('UPDATE view_names SET name = NULL WHERE name = ?').run(view);
          return Promise.resolve();
        },
      },
      12_000,
      { afterSwap: 0, afterReset: 0 },
    );
    db.close();
  });
});

describe('view commits and the log’s durability setting', () => {
  it('commits views without a sync of their own and leaves the log’s FULL setting as it was', async () => {
    const store = sqliteEventStore({ path: join(dir, 'relaxed.db') });
    const views = sqliteViewStore(store);
    const db = store.database;
    const pragma = db.pragma.bind(db);
    const settings: string[] = [];
    // Record the synchronous settings the commit asks for, around its transaction.
    db.pragma = (source: string, options?: Database.PragmaOptions) => {
      if (source.startsWith('synchronous =')) settings.push(source);
      return pragma(source, options);
    };
    await views.commit([
      {
        projection: 'p',
        checkpoint: '1',
        position: 1n,
        changes: [{ view: 'v', key: 'k', row: { a: 1 } }],
      },
    ]);
    expect(settings).toEqual(['synchronous = NORMAL', 'synchronous = 2']);
    expect(pragma('synchronous', { simple: true })).toBe(2);
    expect((await views.get('v', 'k'))?.row).toEqual({ a: 1 });
    db.pragma = pragma;
    await store.close();
  });
});
