/**
 * The list parameters of the API's list endpoints, read into view reads: search (`q`), filters
 * (`kind`, `status`, `role`, `actor`, `from`/`to`), sorting (`sort`, `order`) and paging (`limit`,
 * `offset`, or the `cursor` of the previous page's `nextCursor`). Unknown kinds, roles or cursors
 * are refused with a 400 that says why, never silently ignored.
 */
import type { JsonObject } from '../core/index.ts';
import type { ViewFilter } from '../engine/ports/view-store.ts';
import { parseCursor } from '../engine/views/view-cursor.ts';
import type { ReadOptions } from '../engine/views/view-queries.ts';
import type { Model } from '../model/model.ts';
import { startedStatuses } from '../protocol/index.ts';
import { fail } from './problem.ts';

/** The list parameters as they arrive in a query string (already checked against `listSchemas`). */
export interface ListQuery {
  readonly limit?: number;
  readonly offset?: number;
  readonly order?: 'asc' | 'desc';
  readonly q?: string;
  readonly kind?: string;
  readonly status?: string;
  readonly role?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
  readonly sort?: string;
  readonly cursor?: string;
}

const day = /^\d{4}-\d{2}-\d{2}$/;
const moment = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The query-string schema properties every list endpoint takes, documented in OpenAPI (pure). */
export function listProperties(sortFields: readonly string[]): Record<string, JsonObject> {
  return {
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 500,
      description: 'Rows per page (default 50).',
    },
    offset: {
      type: 'integer',
      minimum: 0,
      maximum: 1_000_000,
      description: 'Rows to skip (prefer `cursor`).',
    },
    order: { type: 'string', enum: ['asc', 'desc'], description: 'Sort direction (default asc).' },
    sort: {
      type: 'string',
      enum: [...sortFields],
      description: 'The field to sort by (then by key).',
    },
    q: {
      type: 'string',
      maxLength: 200,
      description: 'Search: rows whose content contains this text (ASCII case ignored).',
    },
    cursor: {
      type: 'string',
      maxLength: 1000,
      description:
        "The previous page's `nextCursor`: the page after it, with the same filters and sort.",
    },
  };
}

/** The filter parameters of transaction-like lists, documented in OpenAPI (pure). */
export const filterProperties = {
  kind: {
    type: 'string',
    maxLength: 500,
    description: 'Transaction kinds, comma-separated (e.g. `TK01,TK02`).',
  },
  status: {
    type: 'string',
    maxLength: 500,
    description: 'Statuses, comma-separated (e.g. `requested,promised`).',
  },
  role: {
    type: 'string',
    maxLength: 100,
    description: 'Only kinds this actor role initiates or executes.',
  },
  actor: {
    type: 'string',
    maxLength: 200,
    description: 'Only transactions this actor initiated or executes.',
  },
  from: {
    type: 'string',
    maxLength: 40,
    description: 'Last changed at or after this date or time (ISO 8601).',
  },
  to: {
    type: 'string',
    maxLength: 40,
    description: 'Last changed at or before this date or time (a date includes the whole day).',
  },
} satisfies Record<string, JsonObject>;

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Paging, sorting and search of any list; a bad cursor is a 400 (pure apart from the refusal). */
export function pagingOf(query: ListQuery): ReadOptions {
  const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  if (query.cursor !== undefined && after === undefined)
    fail(
      400,
      'InvalidCursor',
      'The cursor is not one this server wrote: pass a page’s `nextCursor` unchanged.',
      {
        cursor: query.cursor,
      },
    );
  return {
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.offset === undefined ? {} : { offset: query.offset }),
    ...(query.order === undefined ? {} : { order: query.order }),
    ...(query.sort === undefined ? {} : { sortBy: query.sort }),
    ...(query.q === undefined || query.q.trim() === '' ? {} : { search: query.q.trim() }),
    ...(after === undefined ? {} : { after }),
  };
}

/**
 * The filters of a transaction list (`transactions`, an agenda) as view conditions; `timeField`
 * is the row's field the period applies to. Unknown kinds, statuses or roles are a 400 (pure apart
 * from the refusal).
 */
export function filtersOf(
  model: Model,
  query: ListQuery,
  timeField: string,
  actorFields?: readonly string[],
): ViewFilter[] {
  const where: ViewFilter[] = [];
  const kinds = list(query.kind);
  const unknownKinds = kinds.filter((kind) => !Object.hasOwn(model.transactionKinds, kind));
  if (unknownKinds.length > 0)
    fail(
      400,
      'UnknownKind',
      `Unknown transaction kind ${unknownKinds.map((k) => `'${k}'`).join(', ')}.`,
      {
        kinds: Object.keys(model.transactionKinds),
      },
    );
  const wanted = list(query.status);
  const unknownStatuses = wanted.filter(
    (status) => !(startedStatuses as readonly string[]).includes(status),
  );
  if (unknownStatuses.length > 0)
    fail(
      400,
      'UnknownStatus',
      `Unknown status ${unknownStatuses.map((s) => `'${s}'`).join(', ')}.`,
      {
        statuses: startedStatuses,
      },
    );
  let kindSet = kinds;
  if (query.role !== undefined) {
    if (!Object.hasOwn(model.actorRoles, query.role))
      fail(400, 'UnknownRole', `Unknown actor role '${query.role}'.`, {
        roles: Object.keys(model.actorRoles),
      });
    const ofRole = Object.entries(model.transactionKinds)
      .filter(([, kind]) => kind.initiator === query.role || kind.executor === query.role)
      .map(([id]) => id);
    kindSet = kinds.length === 0 ? ofRole : kinds.filter((kind) => ofRole.includes(kind));
  }
  if (kinds.length > 0 || query.role !== undefined)
    where.push({ field: 'kind', op: 'in', value: kindSet });
  if (wanted.length > 0) where.push({ field: 'status', op: 'in', value: wanted });
  if (query.actor !== undefined && actorFields !== undefined)
    where.push({ field: actorFields, op: 'eq', value: query.actor });
  for (const [bound, op] of [
    [query.from, 'gte'],
    [query.to, 'lte'],
  ] as const) {
    if (bound === undefined) continue;
    if (!moment.test(bound) || Number.isNaN(Date.parse(bound)))
      fail(
        400,
        'InvalidPeriod',
        `'${bound}' is not an ISO 8601 date or time (e.g. 2026-03-01 or 2026-03-01T12:00:00Z).`,
        {
          value: bound,
        },
      );
    // Times are stored in UTC ('…Z'); a date as `to` takes in its whole day.
    const text = day.test(bound)
      ? op === 'lte'
        ? `${bound}T99`
        : bound
      : new Date(bound).toISOString();
    where.push({ field: timeField, op, value: text });
  }
  return where;
}
