/**
 * The pieces every route's OpenAPI fragment is written with: references to the shared schemas,
 * problem and JSON responses, parameters read off the routes' own input schemas, and the common
 * error answers. Each route file contributes the paths it serves; `openapi.ts` puts them together.
 */
import type { JsonObject } from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { builtinViews } from '../engine/views/builtin-projection.ts';
import { routeSchemas } from './schemas.ts';

/** The paths of an OpenAPI document, or a route's share of them. */
export type OpenApiPaths = Record<string, JsonObject>;

/** What a route's fragment is derived from: the model, the input schemas and the common answers. */
export interface OpenApiContext {
  readonly model: Model;
  readonly schemas: ReturnType<typeof routeSchemas>;
  readonly kinds: readonly (readonly [string, Model['transactionKinds'][string]])[];
  /** The error answers of a route that performs an act. */
  readonly actResponses: JsonObject;
  /** The error answers of a route that reads. */
  readonly readResponses: JsonObject;
}

/** A reference to a schema of the document's components (pure). */
export const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/** A problem+json answer (pure). */
export const problemResponse = (description: string): JsonObject => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

/** A JSON answer (pure). */
export const json = (schema: JsonObject, description = 'OK'): JsonObject => ({
  description,
  content: { 'application/json': { schema } },
});

/** An answer in one of several media types, each with its schema (pure). */
export const answer = (description: string, media: Record<string, JsonObject>): JsonObject => ({
  description,
  content: Object.fromEntries(Object.entries(media).map(([type, schema]) => [type, { schema }])),
});

/** Properties of type string, by name, in the order given (pure). */
export const strings = (...names: readonly string[]): JsonObject =>
  Object.fromEntries(names.map((name) => [name, { type: 'string' }]));

/** The OpenAPI parameters of a route's input schema for one location (pure). */
function parameters(schema: JsonObject, location: 'path' | 'query' | 'header'): JsonObject[] {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonObject>;
  const required = (schema['required'] ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/** A route's inputs as Fastify validates them: its path parameters, query string and headers. */
export interface RouteInputs {
  readonly params?: JsonObject;
  readonly querystring?: JsonObject;
  readonly headers?: JsonObject;
}

/** The OpenAPI parameters of a route's inputs: path, then query, then header (pure). */
export function routeParameters(inputs: RouteInputs): JsonObject[] {
  return [
    ...(inputs.params === undefined ? [] : parameters(inputs.params, 'path')),
    ...(inputs.querystring === undefined ? [] : parameters(inputs.querystring, 'query')),
    ...(inputs.headers === undefined ? [] : parameters(inputs.headers, 'header')),
  ];
}

/** The security requirement of a route behind the bearer token. */
const secured = [{ bearer: [] }];

/** An operation open to anyone: its tag, summary and the rest (pure). */
export function operation(tag: string, summary: string, details: JsonObject): JsonObject {
  return { tags: [tag], summary, ...details };
}

/** An operation behind the bearer token: its tag, summary and the rest (pure). */
export function securedOperation(tag: string, summary: string, details: JsonObject): JsonObject {
  return { ...operation(tag, summary, details), security: secured };
}

/** A page of rows of the given item schema (pure). */
export function page(items: JsonObject): JsonObject {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
      nextCursor: {
        type: 'string',
        description:
          'Pass as `cursor` for the next page (same filters and sort); absent on the last page.',
      },
    },
    required: ['items', 'total', 'limit', 'offset'],
  };
}

/** The context the routes' fragments are derived from, for a model (pure). */
export function openApiContext(model: Model): OpenApiContext {
  const errors = {
    '400': problemResponse(
      'Malformed request: bad JSON, failed schema, invalid payload (`issues`).',
    ),
    '401': problemResponse('No valid bearer token.'),
    '503': problemResponse('The store is unavailable; retry after `Retry-After` seconds.'),
  };
  return {
    model,
    schemas: routeSchemas(model),
    kinds: Object.entries(model.transactionKinds),
    actResponses: {
      ...errors,
      '403': problemResponse(
        'The token does not grant the role, or the role may not perform this act.',
      ),
      '404': problemResponse('Unknown transaction (or one the caller may not see).'),
      '409': problemResponse(
        'The act is not allowed now (`allowed` lists the acts that are), a child whose response link is not due (`ResponseNotDue`) or used up (`CardinalityExceeded`), or a version conflict given in the body.',
      ),
      '412': problemResponse('`If-Match` names a version that is no longer current.'),
      '413': problemResponse('The body is too large.'),
      '415': problemResponse('The body is not application/json.'),
      '422': problemResponse(
        'Refused by a rule (e.g. not enough stock), a wait link (`awaiting`), or the Process Model: no response link starts this kind under the parent (`NoResponseLink`), or a kind that links start requested without its parent (`ParentRequired`).',
      ),
    },
    readResponses: {
      ...errors,
      '403': problemResponse('The role may not read this.'),
      '404': problemResponse('Not found.'),
    },
  };
}

/** Puts routes' fragments together: a path two routes share gets the methods of both (pure). */
export function mergePaths(fragments: readonly OpenApiPaths[]): OpenApiPaths {
  const paths: OpenApiPaths = {};
  for (const fragment of fragments)
    for (const [path, methods] of Object.entries(fragment))
      paths[path] = { ...(paths[path] ?? {}), ...methods };
  return paths;
}

/** Every view name a client may ask for (pure). */
export function viewNames(model: Model): string[] {
  return [...Object.values(builtinViews), ...(model.views ?? []).map((view) => view.name)];
}
