import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { migrate, schemaVersion, sqliteMigrations } from './migrations.ts';
import { sqliteEventStore } from './sqlite-event-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'factum-sqlite-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const freshPath = (): string => join(dir, `db-${(count += 1)}.db`);

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  )
    .map((row) => row.name)
    .filter((name) => !name.startsWith('sqlite_'));
}

describe('SQLite schema migrations', () => {
  it('creates the whole schema in a new file and records each migration', async () => {
    const path = freshPath();
    const store = sqliteEventStore({ path });
    const latest = sqliteMigrations.at(-1)!.version;
    expect(latest).toBeGreaterThanOrEqual(2);
    expect(schemaVersion(store.database)).toBe(latest);
    expect(tables(store.database)).toEqual([
      'events',
      'idempotency',
      'schema_migrations',
      'streams',
    ]);
    const applied = store.database
      .prepare('SELECT version, name FROM schema_migrations ORDER BY version')
      .all();
    expect(applied).toEqual(sqliteMigrations.map(({ version, name }) => ({ version, name })));
    await store.close();
    // Opening again applies nothing.
    const again = sqliteEventStore({ path });
    expect(again.database.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({
      n: latest,
    });
    await again.close();
  });

  it('migrates a file written at an older version and keeps its events', async () => {
    const path = freshPath();
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    expect(migrate(old, sqliteMigrations.slice(0, 1))).toBe(1);
    expect(tables(old)).toEqual(['events', 'schema_migrations', 'streams']);
    old
      .prepare(
        "INSERT INTO streams (stream_id, version, metadata, created_at) VALUES ('sale-1', 2, '{\"kind\":\"sale\"}', '2024-01-01T00:00:00.000Z')",
      )
      .run();
    const insert = old.prepare(
      "INSERT INTO events (id, stream_id, version, type, data, metadata, recorded_at) VALUES (?, 'sale-1', ?, ?, ?, '{}', '2024-01-01T00:00:00.000Z')",
    );
    insert.run('e1', 1, 'SaleRequested', '{"qty":1}');
    insert.run('e2', 2, 'SalePromised', 'null');
    old.close();

    const store = sqliteEventStore({ path });
    expect(schemaVersion(store.database)).toBe(sqliteMigrations.at(-1)!.version);
    expect(await store.stream('sale-1')).toEqual({
      streamId: 'sale-1',
      version: 2,
      metadata: { kind: 'sale' },
    });
    const events = await store.readStream('sale-1');
    expect(events.map((e) => [e.id, e.version, e.type, e.data])).toEqual([
      ['e1', 1, 'SaleRequested', { qty: 1 }],
      ['e2', 2, 'SalePromised', null],
    ]);
    // The table added by the later migration works, and positions go on after the old ones.
    const key = 'act-3';
    const first = await store.append(
      {
        streamId: 'sale-1',
        expectedVersion: 2,
        events: [{ id: 'e3', type: 'SaleExecuted', data: {} }],
      },
      { idempotencyKey: key },
    );
    const repeat = await store.append(
      {
        streamId: 'sale-1',
        expectedVersion: 2,
        events: [{ id: 'e3', type: 'SaleExecuted', data: {} }],
      },
      { idempotencyKey: key },
    );
    expect(first.streams[0]!.positions).toEqual([3n]);
    expect(repeat).toEqual({ ...first, duplicate: true });
    await store.close();
  });

  it('applies a migration in a transaction: a failing one leaves the file at the previous version', () => {
    const path = freshPath();
    const db = new Database(path);
    const broken = [
      ...sqliteMigrations.slice(0, 1),
      {
        version: 2,
        name: 'broken',
        sql: 'CREATE TABLE half_done (a INTEGER); INSERT INTO no_such_table VALUES (1);',
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    db.close();
  });

  it('refuses a file from a newer schema without touching it', () => {
    const path = freshPath();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => sqliteEventStore({ path })).toThrow(StoreUnavailableError);
    expect(() => sqliteEventStore({ path })).toThrow(/schema version 99/);
    const after = new Database(path);
    expect(schemaVersion(after)).toBe(99);
    expect(tables(after)).toEqual([]);
    after.close();
  });

  it('refuses migrations that are not numbered 1, 2, 3…', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, name: 'gap', sql: '' }])).toThrow(/numbered/);
    db.close();
  });
});
