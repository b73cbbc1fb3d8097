/**
 * Reading the log on PostgreSQL: a stream by version, a stream's info, and the global order in
 * batches below the readers' horizon (the oldest running transaction), so nothing is skipped.
 */
import type pg from 'pg';
import type * as port from '../../engine/ports/event-store.ts';
import type { LogKey } from './checkpoint.ts';
import { toStoreError } from './connection-errors.ts';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-row.ts';
import { query } from './pg-session.ts';
import type { Qualify } from './postgres-append.ts';

/** A stream's events from a version on, in version order. */
export async function readStreamEvents(
  pool: pg.Pool,
  qualify: Qualify,
  streamId: string,
  options: port.ReadStreamOptions,
): Promise<readonly port.RecordedEvent[]> {
  const rows = await readLog<EventRow>(
    pool,
    'reading a stream',
    `select ${EVENT_COLUMNS} from ${qualify('events')}
     where stream_id = $1 and version >= $2 order by version limit $3`,
    [streamId, options.fromVersion ?? 1, options.maxCount ?? null],
  );
  return rows.map(toRecordedEvent);
}

/** A stream's version and metadata; undefined for a stream with no events. */
export async function streamInfo(
  pool: pg.Pool,
  qualify: Qualify,
  streamId: string,
): Promise<port.StreamInfo | undefined> {
  const [row] = await readLog<{ version: number; metadata: port.StreamMetadata }>(
    pool,
    'reading stream info',
    `select version, metadata from ${qualify('streams')} where stream_id = $1`,
    [streamId],
  );
  if (row === undefined || row.version === 0) return undefined;
  return { streamId, version: row.version, metadata: row.metadata };
}

/** Events after `after` below the oldest running transaction, and that horizon, in one statement. */
export async function readBatchBelowHorizon(
  pool: pg.Pool,
  qualify: Qualify,
  after: LogKey,
  limit: number,
): Promise<{ events: port.RecordedEvent[]; xmin: bigint }> {
  const rows = await readLog<EventRow & { horizon: string }>(
    pool,
    'reading the log',
    `with snapshot as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
     select snapshot.xmin::text as horizon, e.* from snapshot left join lateral (
       select ${EVENT_COLUMNS} from ${qualify('events')}
       where (transaction_id, position) > ($1::xid8, $2::bigint) and transaction_id < snapshot.xmin
       order by transaction_id, position limit $3
     ) as e on true
     order by e.transaction_text::xid8, e.position_text::bigint`,
    [after.transactionId.toString(), after.position.toString(), limit],
  );
  const xmin = BigInt(rows[0]?.horizon ?? '0');
  const events = rows.filter((row) => row.id !== null).map(toRecordedEvent);
  return { events, xmin };
}

/** The key of the last committed event, visible to readers yet or not. */
export async function lastCommittedKey(
  pool: pg.Pool,
  qualify: Qualify,
): Promise<LogKey | undefined> {
  const [row] = await readLog<{ transaction_text: string; position_text: string }>(
    pool,
    'reading the log',
    `select transaction_id::text as transaction_text, position::text as position_text
     from ${qualify('events')} order by transaction_id desc, position desc limit 1`,
  );
  return row === undefined
    ? undefined
    : { transactionId: BigInt(row.transaction_text), position: BigInt(row.position_text) };
}

/** The readers' horizon: the oldest transaction still running on the server. */
export async function readerHorizon(pool: pg.Pool): Promise<bigint | undefined> {
  const [row] = await readLog<{ xmin: string }>(
    pool,
    'reading the log',
    'select pg_snapshot_xmin(pg_current_snapshot())::text as xmin',
  );
  return row === undefined ? undefined : BigInt(row.xmin);
}

/** A read's rows; a failure becomes the store's error, saying what was being read. */
async function readLog<Row extends object>(
  pool: pg.Pool,
  what: string,
  text: string,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  try {
    return await query<Row>(pool, text, values);
  } catch (error) {
    throw toStoreError(error, what);
  }
}
