/**
 * The raw better-sqlite3 limits (after the reference harness in shared/bench/sqlite-raw.mjs): a
 * WAL log appended in transactions of 100 events, and the whole of a Factum log read in order.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
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
