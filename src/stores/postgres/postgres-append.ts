/**
 * Appending on PostgreSQL: one round trip per append or per group commit, each a call of the
 * PL/pgSQL functions of the migrations (`schema-sql.ts`), and their answers and errors as the port's.
 */
import pg from 'pg';
import type * as port from '../../engine/ports/event-store.ts';
import { ConcurrencyError, DuplicateEventError } from '../../engine/ports/store-errors.ts';
import { toStoreError } from './connection-errors.ts';
import { queryAlone } from './pg-session.ts';

/** A table's or function's name, qualified by the store's schema. */
export type Qualify = (name: string) => string;

/** An append of a batch after validation: its parts and its idempotency key. */
export interface PreparedAppend {
  readonly parts: readonly port.StreamAppend[];
  readonly key: string | undefined;
}

interface StoredResult {
  readonly streams: readonly {
    streamId: string;
    nextVersion: number;
    positions: readonly string[];
  }[];
  readonly checkpoint: string;
}

/** What `append_events` returns, and each `result` of `append_batch`. */
interface FunctionResult extends StoredResult {
  readonly duplicate: boolean;
}

/** A request's failure inside `append_batch`, as the server reported it. */
interface FunctionError {
  readonly code: string;
  readonly message: string;
  readonly detail: string | null;
  readonly constraint: string | null;
}

type BatchAnswer = { readonly result: FunctionResult } | { readonly error: FunctionError };

/**
 * One round trip: `append_events` does the whole append server-side, in the implicit transaction
 * of this one autocommit statement: the advisory locks of the streams and the key first, in hash
 * order (so that a later append to a stream always has a larger transaction id and position), then
 * the idempotency lookup, the version check and the writes. Its locks are held until that
 * transaction commits, before the answer comes back. Errors are the database's (`mapAppendError`).
 */
export async function appendEvents(
  pool: pg.Pool,
  qualify: Qualify,
  parts: readonly port.StreamAppend[],
  key: string | undefined,
): Promise<port.AppendResult> {
  const [row] = await queryAlone<{ outcome: FunctionResult }>(
    pool,
    `select ${qualify('append_events')}($1::jsonb, $2::text) as outcome`,
    [JSON.stringify(toFunctionParts(parts)), key ?? null],
  );
  if (row === undefined) throw new Error('append_events returned no row.');
  return fromFunctionResult(row.outcome);
}

/**
 * One round trip: `append_batch` locks every stream and key of the batch first, sorted. A batch of
 * requests that do not depend on each other and all succeed (the common group commit: no stream or
 * key shared, no key stored before, every expected version met) is then checked and written as
 * sets, in two statements; any other runs request by request, each checked against the ones before
 * it, and answers with a result or an error per request (migrations 3 and 4). `prepared` keeps the
 * requests that failed validation in their places.
 */
export async function appendBatchOf(
  pool: pg.Pool,
  qualify: Qualify,
  prepared: readonly (PreparedAppend | Error)[],
  valid: readonly PreparedAppend[],
): Promise<(port.AppendResult | Error)[]> {
  const payload = valid.map(({ parts, key }) => ({
    parts: toFunctionParts(parts),
    key: key ?? null,
  }));
  const [row] = await queryAlone<{ answers: BatchAnswer[] }>(
    pool,
    `select ${qualify('append_batch')}($1::jsonb) as answers`,
    [JSON.stringify(payload)],
  );
  const answers = row?.answers ?? [];
  if (answers.length !== valid.length)
    throw new Error(`append_batch answered ${answers.length} of ${valid.length} requests.`);
  let next = 0;
  return prepared.map((entry) => {
    if (entry instanceof Error) return entry;
    const answer = answers[next++];
    if (answer === undefined) throw new Error('append_batch answered too few requests.');
    if ('result' in answer) return fromFunctionResult(answer.result);
    const mapped = toStoreError(mapAppendError(toDatabaseError(answer.error)), 'append');
    return mapped instanceof Error ? mapped : new Error(String(mapped));
  });
}

function fromStoredResult(stored: StoredResult): port.AppendResult {
  return {
    streams: stored.streams.map((part) => ({
      streamId: part.streamId,
      nextVersion: part.nextVersion,
      positions: part.positions.map((position) => BigInt(position)),
    })),
    checkpoint: stored.checkpoint,
    duplicate: true,
  };
}

/** A unique violation on the event id becomes DuplicateEventError; anything else passes through. */
function mapUniqueViolation(error: unknown): unknown {
  if (
    !(error instanceof pg.DatabaseError) ||
    error.code !== '23505' ||
    error.constraint !== 'events_id_key'
  ) {
    return error;
  }
  const id = /^Key \(id\)=\((.*)\) already exists\.$/s.exec(error.detail ?? '')?.[1] ?? '';
  return new DuplicateEventError(id, { cause: error });
}

/** The parts as the append functions read them, defaults filled in (pure). */
function toFunctionParts(parts: readonly port.StreamAppend[]): unknown[] {
  return parts.map((part) => ({
    streamId: part.streamId,
    expectedVersion: part.expectedVersion,
    metadata: part.metadata ?? {},
    events: part.events.map((event) => ({
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata ?? {},
    })),
  }));
}

function fromFunctionResult(outcome: FunctionResult): port.AppendResult {
  return { ...fromStoredResult(outcome), duplicate: outcome.duplicate };
}

/** A request's error reported by `append_batch`, as the driver would have raised it (pure). */
function toDatabaseError(reported: FunctionError): pg.DatabaseError {
  const error = new pg.DatabaseError(reported.message, 0, 'error');
  error.severity = 'ERROR';
  error.code = reported.code;
  error.detail = reported.detail ?? undefined;
  error.constraint = reported.constraint ?? undefined;
  return error;
}

/** SQLSTATE of the append functions' version mismatch; the DETAIL holds the conflict as JSON. */
const CONCURRENCY_STATE = 'FA001';

/**
 * The append errors the database reports, as the port's errors: a version mismatch of the append
 * functions becomes ConcurrencyError, a reused event id DuplicateEventError; anything else passes
 * through (pure).
 */
export function mapAppendError(error: unknown): unknown {
  if (error instanceof pg.DatabaseError && error.code === CONCURRENCY_STATE) {
    const conflict = JSON.parse(error.detail ?? '{}') as {
      streamId: string;
      expected: ConcurrencyError['expected'];
      actual: ConcurrencyError['actual'];
    };
    return new ConcurrencyError(conflict.streamId, conflict.expected, conflict.actual, {
      cause: error,
    });
  }
  return mapUniqueViolation(error);
}
