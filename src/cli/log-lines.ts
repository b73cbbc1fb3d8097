/**
 * The NDJSON form of the log that `export` writes and `import` reads: one recorded event per line,
 * `position` as a string (it is a bigint), and on the first event of each stream the stream's
 * metadata (its kind, its parent), so an import recreates the streams as they were.
 */
import type { JsonObject, JsonValue } from '../core/index.ts';
import type { RecordedEvent, StreamMetadata } from '../engine/ports/event-store.ts';

/** One line of an export. */
export interface LogLine {
  readonly id: string;
  readonly streamId: string;
  readonly version: number;
  /** The global position in the exporting store, as a decimal string. */
  readonly position: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly recordedAt: string;
  /** Only on a stream's first event (version 1), and only when the stream has metadata. */
  readonly streamMetadata?: StreamMetadata;
}

/** The line an event is exported as (pure); pass the stream's metadata with its first event. */
export function toLogLine(event: RecordedEvent, streamMetadata?: StreamMetadata): string {
  const line: LogLine = {
    id: event.id,
    streamId: event.streamId,
    version: event.version,
    position: event.position.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    ...(streamMetadata === undefined || Object.keys(streamMetadata).length === 0
      ? {}
      : { streamMetadata }),
  };
  return JSON.stringify(line);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks one line of an export; a message saying what is wrong otherwise (pure). */
export function parseLogLine(text: string): LogLine | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isObject(value)) return 'not a JSON object';
  const problems: string[] = [];
  for (const field of ['id', 'streamId', 'type', 'position', 'recordedAt'] as const)
    if (typeof value[field] !== 'string' || value[field] === '')
      problems.push(`'${field}' must be a non-empty string`);
  if (!Number.isSafeInteger(value.version) || (value.version as number) < 1)
    problems.push("'version' must be a whole number from 1");
  if (!('data' in value)) problems.push("'data' is missing");
  if (!isObject(value.metadata)) problems.push("'metadata' must be an object");
  if (value.streamMetadata !== undefined && !isObject(value.streamMetadata))
    problems.push("'streamMetadata' must be an object");
  if (problems.length > 0) return problems.join('; ');
  return value as unknown as LogLine;
}
