/**
 * The JSON Schemas of the API's inputs, derived from the model (kinds, roles, views): the routes
 * validate with them and the OpenAPI document publishes them, so the two never drift apart.
 */
import { allActs, revocableActs, type JsonObject } from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { filterProperties, listProperties } from './list-query.ts';

/** Transaction ids, as the engine accepts them. */
export const idPattern = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';
/** Idempotency keys: like ids, and `:` too. */
export const idempotencyKeyPattern = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$';
/** Actor names. */
export const actorPattern = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$';
const namePattern = '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$';

/** The acts accepted in a path, with the `state` synonym of `declare`. */
export const actNames: readonly string[] = [...allActs, 'state'];

const justification = { type: 'string', maxLength: 2000 } as const;
const operativeTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;

/** The path parameters of a route addressed by a `{key}` (a parked run's, a proposal's) up to `maxLength` (pure). */
export function keyParams(maxLength: number) {
  return {
    type: 'object',
    properties: { key: { type: 'string', minLength: 1, maxLength } },
    required: ['key'],
    additionalProperties: false,
  } as const;
}

/** The role names of a model, for `enum`s (pure). */
export function roleNames(model: Model): string[] {
  return Object.keys(model.actorRoles);
}

/** The kind ids of a model, for `enum`s (pure). */
export function kindIds(model: Model): string[] {
  return Object.keys(model.transactionKinds);
}

/** The schemas of every route, for one model (pure). */
export function routeSchemas(model: Model) {
  const role = { type: 'string', enum: roleNames(model) } as const;
  return {
    idParams: {
      type: 'object',
      properties: { id: { type: 'string', pattern: idPattern } },
      required: ['id'],
      additionalProperties: false,
    },
    actParams: {
      type: 'object',
      properties: {
        id: { type: 'string', pattern: idPattern },
        act: { type: 'string', enum: actNames },
      },
      required: ['id', 'act'],
      additionalProperties: false,
    },
    nameParams: {
      type: 'object',
      properties: { name: { type: 'string', pattern: namePattern } },
      required: ['name'],
      additionalProperties: false,
    },
    roleParams: {
      type: 'object',
      properties: { role },
      required: ['role'],
      additionalProperties: false,
    },
    actHeaders: {
      type: 'object',
      properties: {
        'idempotency-key': { type: 'string', pattern: idempotencyKeyPattern },
        'if-match': { type: 'string', pattern: '^\\s*(W/)?"?[0-9]{1,9}"?\\s*$' },
      },
    },
    pageQuery: {
      type: 'object',
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 500 },
        offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
      },
      additionalProperties: false,
    },
    transactionsQuery: {
      type: 'object',
      properties: {
        ...filterProperties,
        ...listProperties(['updatedAt', 'createdAt', 'status', 'kind', 'id']),
      },
      additionalProperties: false,
    },
    agendaQuery: {
      type: 'object',
      properties: {
        kind: filterProperties.kind,
        status: filterProperties.status,
        ...listProperties(['since', 'status', 'kind', 'transactionId']),
      },
      additionalProperties: false,
    },
    auditQuery: {
      type: 'object',
      properties: {
        ...listProperties(['time', 'kind', 'transactionId']),
        format: {
          type: 'string',
          enum: ['csv', 'json'],
          description: 'Download the whole trail (every page) as a CSV or JSON file.',
        },
      },
      additionalProperties: false,
    },
    asOfQuery: {
      type: 'object',
      properties: { asOf: { type: 'string', maxLength: 40 } },
      additionalProperties: false,
    },
    viewQuery: {
      type: 'object',
      properties: {
        partition: { type: 'string', maxLength: 200 },
        ...listProperties([]),
        sort: {
          type: 'string',
          pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}(\\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,4}$',
          description: 'A field of the rows to sort by (then by key), e.g. `placedAt`.',
        },
        asOf: { type: 'string', maxLength: 40 },
      },
      additionalProperties: false,
    },
    eventsQuery: {
      type: 'object',
      properties: {
        transaction: { type: 'string', pattern: idPattern },
        access_token: { type: 'string', maxLength: 4096 },
        lastEventId: { type: 'string', maxLength: 200 },
      },
      additionalProperties: false,
    },
    createBody: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: kindIds(model) },
        role,
        payload: {},
        addressee: { type: 'string', pattern: actorPattern },
        parent: { type: 'string', pattern: idPattern },
        justification,
        operativeTime,
      },
      required: ['kind'],
      additionalProperties: false,
    },
    actBody: {
      type: 'object',
      properties: {
        role,
        payload: {},
        justification,
        revokes: { type: 'string', enum: [...revocableActs, 'state'] },
        operativeTime,
        expectedVersion: { type: 'integer', minimum: 0, maximum: 1_000_000_000 },
        addressee: { type: 'string', pattern: actorPattern },
      },
      additionalProperties: false,
    },
    demoSessionBody: {
      type: 'object',
      properties: {
        actor: { type: 'string', pattern: actorPattern },
        role,
      },
      required: ['actor'],
      additionalProperties: false,
    },
  } satisfies Record<string, JsonObject>;
}

/** The schemas of one model's routes. */
export type RouteSchemas = ReturnType<typeof routeSchemas>;
