/**
 * The row shape the store selects for an event, and its mapping to the port's RecordedEvent.
 */
import type { JsonObject, JsonValue } from '../../core/index.ts';
import type { RecordedEvent } from '../../engine/ports/event-store.ts';

/**
 * The columns every event query selects (bigint and xid8 as text, read back exactly). The aliases
 * differ from the column names on purpose: `order by position` would otherwise sort the text.
 */
export const EVENT_COLUMNS =
  'position::text as position_text, transaction_id::text as transaction_text, id, stream_id, version, type, data, metadata, recorded_at';

/** One event row as node-postgres returns it. */
export interface EventRow {
  readonly position_text: string;
  readonly transaction_text: string;
  readonly id: string;
  readonly stream_id: string;
  readonly version: number;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly recorded_at: Date;
}

/** Turns an event row into a RecordedEvent (pure). */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  const position = BigInt(row.position_text);
  return {
    id: row.id,
    streamId: row.stream_id,
    version: row.version,
    position,
    // The server writes both as canonical decimals (no sign, no leading zero): the checkpoint's
    // own form, so the texts make it without a round trip through bigints.
    checkpoint: `${row.transaction_text}:${row.position_text}`,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
  };
}
