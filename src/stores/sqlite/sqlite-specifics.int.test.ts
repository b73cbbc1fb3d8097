import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../engine/ports/event-store.ts';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { sqliteEventStore } from './sqlite-event-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'factum-sqlite-specific-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const freshPath = (): string => join(dir, `db-${(count += 1)}.db`);
const event = (id: string) => ({ id, type: 'Tested', data: { id } });

async function rejection(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('SQLite event store specifics', () => {
  it('runs in WAL mode with durable commits and a busy timeout by default', async () => {
    const store = sqliteEventStore({ path: freshPath() });
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db).toBe(store.database);
    await store.close();

    const tuned = sqliteEventStore({
      path: freshPath(),
      synchronous: 'NORMAL',
      busyTimeoutMs: 1234,
    });
    expect(tuned.database.pragma('synchronous', { simple: true })).toBe(1);
    expect(tuned.database.pragma('busy_timeout', { simple: true })).toBe(1234);
    await tuned.close();
  });

  it('keeps the log across close and reopen', async () => {
    const path = freshPath();
    const store = sqliteEventStore({ path });
    await store.append({
      streamId: 's',
      expectedVersion: 'no_stream',
      events: [event('a'), event('b')],
      metadata: { kind: 'sale' },
    });
    await store.close();
    const reopened = sqliteEventStore({ path });
    expect((await reopened.readStream('s')).map((e) => e.id)).toEqual(['a', 'b']);
    expect(await reopened.stream('s')).toEqual({
      streamId: 's',
      version: 2,
      metadata: { kind: 'sale' },
    });
    expect(await reopened.integrityCheck()).toBe('ok');
    await reopened.close();
  });

  it('lets view rows share a transaction with the log through the database handle', async () => {
    const store = sqliteEventStore({ path: freshPath() });
    store.database.exec(
      'CREATE TABLE view_rows (key TEXT PRIMARY KEY, row TEXT NOT NULL); CREATE TABLE view_checkpoint (checkpoint TEXT)',
    );
    await store.append({ streamId: 's', expectedVersion: 'any', events: [event('v1')] });
    const [recorded] = await store.readStream('s');
    const write = store.database.transaction((fail: boolean) => {
      store.database.prepare('INSERT INTO view_rows VALUES (?, ?)').run('k', '{}');
      store.database.prepare('INSERT INTO view_checkpoint VALUES (?)').run(recorded!.checkpoint);
      if (fail) throw new Error('projection failed');
    });
    expect(() => write(true)).toThrow('projection failed');
    expect(store.database.prepare('SELECT count(*) AS n FROM view_rows').get()).toEqual({ n: 0 });
    write(false);
    expect(store.database.prepare('SELECT checkpoint FROM view_checkpoint').get()).toEqual({
      checkpoint: recorded!.checkpoint,
    });
    await store.close();
  });

  it('delivers appends made through another connection to a live subscription, by polling', async () => {
    const path = freshPath();
    const reader = sqliteEventStore({ path, pollIntervalMs: 20 });
    const writer = sqliteEventStore({ path });
    const delivered: RecordedEvent[] = [];
    const sub = reader.subscribe({ handler: (batch) => void delivered.push(...batch) });
    await sub.caughtUp();
    await writer.append({
      streamId: 's',
      expectedVersion: 'any',
      events: [event('x1'), event('x2')],
    });
    const deadline = Date.now() + 5_000;
    while (delivered.length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(delivered.map((e) => e.id)).toEqual(['x1', 'x2']);
    await writer.close();
    await reader.close();
  });

  it('a store opened read-only refuses appends with StoreUnavailableError and changes nothing', async () => {
    const path = freshPath();
    const writable = sqliteEventStore({ path });
    await writable.append({ streamId: 's', expectedVersion: 'any', events: [event('r1')] });
    await writable.close();

    const store = sqliteEventStore({ path, readonly: true });
    expect((await store.readStream('s')).map((e) => e.id)).toEqual(['r1']);
    const error = await rejection(
      store.append({ streamId: 's', expectedVersion: 1, events: [event('r2')] }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/read-only/);
    expect((error as Error).cause).toMatchObject({ code: 'SQLITE_READONLY' });
    await store.close();

    const check = sqliteEventStore({ path });
    expect((await check.readStream('s')).map((e) => e.id)).toEqual(['r1']);
    expect(await check.stream('s')).toMatchObject({ version: 1 });
    await check.close();
  });

  it.skipIf(process.getuid?.() === 0)(
    'a file without write permission gives StoreUnavailableError',
    async () => {
      const path = freshPath();
      const writable = sqliteEventStore({ path });
      await writable.append({ streamId: 's', expectedVersion: 'any', events: [event('p1')] });
      await writable.close();
      chmodSync(path, 0o444);
      try {
        const attempt = (async () => {
          const store = sqliteEventStore({ path });
          try {
            await store.append({ streamId: 's', expectedVersion: 'any', events: [event('p2')] });
          } finally {
            await store.close();
          }
        })();
        expect(await rejection(attempt)).toBeInstanceOf(StoreUnavailableError);
      } finally {
        chmodSync(path, 0o644);
      }
      const check = sqliteEventStore({ path, readonly: true });
      expect((await check.readStream('s')).map((e) => e.id)).toEqual(['p1']);
      await check.close();
    },
  );

  it('a write lock held past the busy timeout gives StoreUnavailableError, then appends work again', async () => {
    const path = freshPath();
    const store = sqliteEventStore({ path, busyTimeoutMs: 100 });
    await store.append({ streamId: 's', expectedVersion: 'any', events: [event('b1')] });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const error = await rejection(
      store.append({ streamId: 's', expectedVersion: 1, events: [event('b2')] }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/locked/);
    expect((error as Error).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    // Readers are not blocked by the writer in WAL mode.
    expect((await store.readStream('s')).map((e) => e.id)).toEqual(['b1']);
    other.exec('ROLLBACK');
    other.close();
    const result = await store.append({ streamId: 's', expectedVersion: 1, events: [event('b2')] });
    expect(result.streams[0]!.nextVersion).toBe(2);
    await store.close();
  });

  it('waits for a write lock held elsewhere without blocking the thread, then appends', async () => {
    const path = freshPath();
    const store = sqliteEventStore({ path });
    await store.append({ streamId: 's', expectedVersion: 'any', events: [event('w1')] });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    other
      .prepare("INSERT INTO streams (stream_id, version, created_at) VALUES ('x', 0, 'now')")
      .run();
    let settled = false;
    const appending = store
      .append({ streamId: 's', expectedVersion: 1, events: [event('w2')] })
      .finally(() => (settled = true));
    // Timers still run while the append waits: SQLite's busy handler would sleep this very thread,
    // and the lock below, held on this thread, could never be released.
    for (let tick = 0; tick < 5; tick += 1) await new Promise((resume) => setTimeout(resume, 5));
    expect(settled).toBe(false);
    expect((await store.readStream('s')).map((e) => e.id)).toEqual(['w1']);
    other.exec('COMMIT');
    other.close();
    const result = await appending;
    expect(result.streams[0]!.nextVersion).toBe(2);
    expect((await store.readStream('s')).map((e) => e.id)).toEqual(['w1', 'w2']);
    expect(await store.stream('x')).toMatchObject({ version: 0 });
    // The connection's own busy timeout is untouched for everything else that writes through it.
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(5000);
    await store.close();
  });

  it('a file that cannot be opened or is not a database gives StoreUnavailableError', () => {
    expect(() => sqliteEventStore({ path: join(dir, 'no-such-dir', 'x.db') })).toThrow(
      StoreUnavailableError,
    );
    const garbage = freshPath();
    writeFileSync(
      garbage,
      'this is not a database, just some text that is long enough to have a header'.repeat(20),
    );
    expect(() => sqliteEventStore({ path: garbage })).toThrow(StoreUnavailableError);
  });

  it('a closed store refuses work with StoreUnavailableError', async () => {
    const store = sqliteEventStore({ path: ':memory:' });
    await store.close();
    await store.close();
    expect(
      await rejection(
        store.append({ streamId: 's', expectedVersion: 'any', events: [event('c1')] }),
      ),
    ).toBeInstanceOf(StoreUnavailableError);
    expect(await rejection(store.head())).toBeInstanceOf(StoreUnavailableError);
  });

  it('closing the store stops its subscriptions', async () => {
    const store = sqliteEventStore({ path: freshPath() });
    const sub = store.subscribe({ handler: () => undefined });
    await sub.caughtUp();
    await store.close();
    await expect(sub.caughtUp()).rejects.toThrow();
  });
});
