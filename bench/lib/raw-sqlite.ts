/**
 * The raw better-sqlite3 limits (after the reference harness in shared/bench/sqlite-raw.mjs): a
 * WAL log appended in transactions of 100 events, and the whole of a Factum log read in order.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate } from '../../src/stores/sqlite/migrations.ts';
import { now, type RepOutcome } from './stats.ts';

/** A ~110-byte order-like payload, as the reference harness writes. */
export function rawPayload(i: number): Record<string, string | number> {
  return {
    orderId: `order-${i}`,
    productId: `p-${i % 977}`,
    quantity: (i % 5) + 1,
    unitPrice: 19.99,
    at: '2026-01-01T00:00:00.000Z',
  };
}

/** Removes a SQLite file and its WAL and shared-memory files (impure). */
export function removeSqliteFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

/**
 * Appends `events` events in transactions of 100 to a fresh WAL file at `synchronous` (impure);
 * latencies are per batch.
 */
export function rawSqliteBatchedAppend(
  file: string,
  events: number,
  synchronous: 'FULL' | 'NORMAL',
): RepOutcome {
  removeSqliteFiles(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(`CREATE TABLE events (
      global_position INTEGER PRIMARY KEY AUTOINCREMENT,
      stream_id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL);
      CREATE UNIQUE INDEX events_stream ON events(stream_id, version);`);
    const insert = db.prepare(
      'INSERT INTO events (stream_id, version, type, data) VALUES (?, ?, ?, ?)',
    );
    const batch = db.transaction((from: number) => {
      for (let i = from; i < from + 100; i += 1) {
        insert.run(
          `order-${Math.floor(i / 10)}`,
          (i % 10) + 1,
          'ItemAdded',
          JSON.stringify(rawPayload(i)),
        );
      }
    });
    const latencies: number[] = [];
    const start = now();
    for (let i = 0; i < events; i += 100) {
      const begin = now();
      batch(i);
      latencies.push(now() - begin);
    }
    return { count: events, ms: now() - start, latencies };
  } finally {
    db.close();
    removeSqliteFiles(file);
  }
}

/** Reads a Factum SQLite log in global order, parsing data and metadata: the read limit (impure). */
export function rawSqliteOrderedRead(file: string): RepOutcome {
  const db = new Database(file, { readonly: true });
  try {
    const all = db.prepare(
      'SELECT position, id, stream_id, version, type, data, metadata, recorded_at FROM events ORDER BY position',
    );
    let count = 0;
    const start = now();
    for (const row of all.iterate() as Iterable<{ data: string; metadata: string }>) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      count += 1;
    }
    return { count, ms: now() - start };
  } finally {
    db.close();
  }
}

/**
 * The SQL an act costs on Factum's own schema, without Factum: per act the idempotency probe, the
 * stream's version read, the stream row written, the event inserted and the idempotency row
 * inserted, `perCommit` acts per IMMEDIATE transaction at `synchronous` — what W1's 32 callers can
 * at most batch into one commit (impure). Five acts per transaction, like W1.
 */
export function rawSqliteActRows(file: string, acts: number, perCommit: number): RepOutcome {
  removeSqliteFiles(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
    const selectKey = db.prepare('SELECT result FROM idempotency WHERE key = ?');
    const selectStream = db.prepare('SELECT version, metadata FROM streams WHERE stream_id = ?');
    const insertStream = db.prepare(
      'INSERT INTO streams (stream_id, version, metadata, created_at) VALUES (?, ?, ?, ?)',
    );
    const updateStream = db.prepare('UPDATE streams SET version = ? WHERE stream_id = ?');
    const insertEvent = db.prepare(
      'INSERT INTO events (id, stream_id, version, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertKey = db.prepare(
      'INSERT INTO idempotency (key, result, created_at) VALUES (?, ?, ?)',
    );
    const commit = db.transaction((from: number, to: number) => {
      const at = new Date().toISOString();
      for (let i = from; i < to; i += 1) {
        const streamId = `order-${Math.floor(i / 5)}`;
        const version = (i % 5) + 1;
        const key = `act-${i}`;
        selectKey.get(key);
        selectStream.get(streamId);
        if (version === 1) insertStream.run(streamId, 1, '{"kind":"TK01"}', at);
        else updateStream.run(version, streamId);
        const position = insertEvent.run(
          key,
          streamId,
          version,
          'OrderRequested',
          JSON.stringify(rawPayload(i)),
          '{}',
          at,
        ).lastInsertRowid;
        insertKey.run(
          key,
          JSON.stringify({
            streams: [{ streamId, nextVersion: version, positions: [String(position)] }],
            checkpoint: String(position),
          }),
          at,
        );
      }
    });
    const latencies: number[] = [];
    const start = now();
    for (let i = 0; i < acts; i += perCommit) {
      const begin = now();
      commit.immediate(i, Math.min(acts, i + perCommit));
      latencies.push(now() - begin);
    }
    return { count: acts, ms: now() - start, latencies };
  } finally {
    db.close();
    removeSqliteFiles(file);
  }
}
