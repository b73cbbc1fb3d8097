/**
 * The OpenAPI 3.1 document of the API, derived from the model it runs: a request body per
 * transaction kind (its payload schema and example), the acts, the roles with their agendas and the
 * views each may read. The input schemas are the ones the routes validate with.
 */
import type { JsonObject, JsonValue } from '../core/index.ts';
import { isPersonalRole } from '../model/kind-spec.ts';
import type { Model } from '../model/model.ts';
import { builtinViews } from '../engine/views/builtin-projection.ts';
import { routeSchemas } from './schemas.ts';

/** The views a role may read: the built-in ones and the model's views open to it (pure). */
export function viewsReadableBy(model: Model, role: string): string[] {
  return [
    ...Object.values(builtinViews),
    ...(model.views ?? [])
      .filter((view) => view.readableBy === undefined || view.readableBy.includes(role))
      .map((view) => view.name),
  ];
}

/** Every view name a client may ask for (pure). */
export function viewNames(model: Model): string[] {
  return [...Object.values(builtinViews), ...(model.views ?? []).map((view) => view.name)];
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

const problemResponse = (description: string): JsonObject => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const json = (schema: JsonObject, description = 'OK'): JsonObject => ({
  description,
  content: { 'application/json': { schema } },
});

function parameters(schema: JsonObject, location: 'path' | 'query' | 'header'): JsonObject[] {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonObject>;
  const required = (schema['required'] ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema: property,
  }));
}

const secured = [{ bearer: [] }];

/** Builds the OpenAPI document for a model (pure). */
export function openApiDocument(
  model: Model,
  options: { readonly demo?: boolean; readonly version?: string } = {},
): JsonObject {
  const schemas = routeSchemas(model);
  const kinds = Object.entries(model.transactionKinds);
  const requestVariants = kinds.map(([id, kind]) => ({
    title: `${id} ${kind.label ?? kind.name}`,
    type: 'object',
    description: `Request a ${kind.name} (${kind.product}); initiator ${kind.initiator}, executor ${kind.executor}.`,
    properties: {
      ...(schemas.createBody.properties as JsonObject),
      kind: { type: 'string', const: id },
      payload: kind.payload === undefined ? {} : ref(`${id}Payload`),
    },
    required: kind.payload === undefined ? ['kind'] : ['kind', 'payload'],
    additionalProperties: false,
    examples: [{ kind: id, payload: kind.example }],
  }));
  const payloadSchemas: Record<string, JsonValue> = {};
  for (const [id, kind] of kinds) {
    if (kind.payload !== undefined)
      payloadSchemas[`${id}Payload`] = { ...kind.payload, examples: [kind.example] };
    if (kind.productPayload !== undefined)
      payloadSchemas[`${id}ProductPayload`] = kind.productPayload;
  }
  const roles: Record<string, JsonValue> = {};
  for (const [id, role] of Object.entries(model.actorRoles)) {
    roles[id] = {
      name: role.name,
      personal: isPersonalRole(role),
      initiates: kinds.filter(([, k]) => k.initiator === id).map(([k]) => k),
      executes: kinds.filter(([, k]) => k.executor === id).map(([k]) => k),
      views: viewsReadableBy(model, id),
    };
  }
  const page = (items: JsonObject): JsonObject => ({
    type: 'object',
    properties: {
      items: { type: 'array', items },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
    required: ['items', 'total', 'limit', 'offset'],
  });
  const errors = {
    '400': problemResponse(
      'Malformed request: bad JSON, failed schema, invalid payload (`issues`).',
    ),
    '401': problemResponse('No valid bearer token.'),
    '503': problemResponse('The store is unavailable; retry after `Retry-After` seconds.'),
  };
  const actResponses = {
    ...errors,
    '403': problemResponse(
      'The token does not grant the role, or the role may not perform this act.',
    ),
    '404': problemResponse('Unknown transaction (or one the caller may not see).'),
    '409': problemResponse(
      'The act is not allowed now (`allowed` lists the acts that are), or a version conflict given in the body.',
    ),
    '412': problemResponse('`If-Match` names a version that is no longer current.'),
    '413': problemResponse('The body is too large.'),
    '415': problemResponse('The body is not application/json.'),
    '422': problemResponse(
      'Refused by a rule (e.g. not enough stock) or a wait link (`awaiting`).',
    ),
  };
  const readResponses = {
    ...errors,
    '403': problemResponse('The role may not read this.'),
    '404': problemResponse('Not found.'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: `${model.name} — Factum API`,
      version: options.version ?? '1',
      description: [
        model.description ?? '',
        'Acts are commands on DEMO transactions (the Complete Transaction Pattern); facts are events; queries read views.',
        'Errors are RFC 9457 problem+json with a stable `code`.',
        options.demo === true ? 'Demo mode: get a token from `POST /api/demo/session`.' : '',
      ]
        .filter((line) => line !== '')
        .join('\n\n'),
    },
    tags: [
      {
        name: 'acts',
        description: 'Perform acts: request, promise, execute, declare, accept, revoke …',
      },
      {
        name: 'queries',
        description: 'Transactions, agendas, views, ledgers, audit trails; paged and filtered.',
      },
      { name: 'live', description: 'Server-Sent Events of facts and view changes.' },
      ...(options.demo === true ? [{ name: 'demo', description: 'Demo actors and tokens.' }] : []),
      ...Object.entries(model.actorRoles).map(([id, role]) => ({
        name: `role ${id}`,
        description: `${role.name}${isPersonalRole(role) ? ' (personal: sees only its own transactions)' : ''}; views: ${viewsReadableBy(model, id).join(', ')}`,
      })),
    ],
    'x-factum-roles': roles,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...payloadSchemas,
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            allowed: { type: 'array', items: { type: 'object' } },
            issues: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
            awaiting: { type: 'object' },
          },
          required: ['type', 'title', 'status', 'detail', 'code'],
        },
        Fact: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            fact: { type: 'string' },
            act: { type: 'string' },
            transactionId: { type: 'string' },
            kind: { type: 'string', enum: kinds.map(([id]) => id) },
            performer: { type: 'object' },
            time: { type: 'string', format: 'date-time' },
            payload: {},
            actId: { type: 'string' },
          },
        },
        ActResult: {
          type: 'object',
          properties: {
            transactionId: { type: 'string' },
            kind: { type: 'string' },
            status: { type: 'string' },
            version: { type: 'integer' },
            duplicate: { type: 'boolean' },
            facts: { type: 'array', items: ref('Fact') },
            allowed: { type: 'array', items: { type: 'object' } },
          },
        },
        CreateTransaction: { oneOf: requestVariants },
        PerformAct: schemas.actBody,
      },
    },
    paths: {
      '/api/model': {
        get: {
          tags: ['queries'],
          summary: 'The model this server runs',
          responses: { '200': json({ type: 'object' }) },
        },
      },
      '/api/transactions': {
        post: {
          tags: ['acts'],
          summary: 'Request a new transaction of a kind',
          security: secured,
          parameters: parameters(schemas.actHeaders, 'header'),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('CreateTransaction'),
                examples: Object.fromEntries(
                  kinds.map(([id, kind]) => [
                    id,
                    { summary: `${id} ${kind.name}`, value: { kind: id, payload: kind.example } },
                  ]),
                ),
              },
            },
          },
          responses: {
            '201': json(ref('ActResult'), 'Requested: the facts appended and the new status'),
            '200': json(
              ref('ActResult'),
              'A retry with the same Idempotency-Key: the original outcome',
            ),
            ...actResponses,
          },
        },
        get: {
          tags: ['queries'],
          summary: 'Transactions, newest last; a personal role sees only its own',
          security: secured,
          parameters: parameters(schemas.transactionsQuery, 'query'),
          responses: { '200': json(page({ type: 'object' })), ...readResponses },
        },
      },
      '/api/transactions/{id}': {
        get: {
          tags: ['queries'],
          summary:
            'A transaction with its facts and children, now or as of a past position or time',
          security: secured,
          parameters: [
            ...parameters(schemas.idParams, 'path'),
            ...parameters(schemas.asOfQuery, 'query'),
          ],
          responses: {
            '200': json({
              type: 'object',
              properties: {
                transaction: { type: 'object' },
                facts: { type: 'array', items: ref('Fact') },
                children: { type: 'array', items: { type: 'object' } },
              },
            }),
            ...readResponses,
          },
        },
      },
      '/api/transactions/{id}/acts/{act}': {
        post: {
          tags: ['acts'],
          summary:
            'Perform an act on a transaction: promise, decline, execute, declare, accept, reject, revoke …',
          security: secured,
          parameters: [
            ...parameters(schemas.actParams, 'path'),
            ...parameters(schemas.actHeaders, 'header'),
          ],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: ref('PerformAct') } },
          },
          responses: {
            '200': json(ref('ActResult'), 'Performed: the facts appended and the new status'),
            ...actResponses,
          },
        },
      },
      '/api/transactions/{id}/audit': {
        get: {
          tags: ['queries'],
          summary: 'The audit trail of the transaction tree: who did what, when and why',
          security: secured,
          parameters: [
            ...parameters(schemas.idParams, 'path'),
            ...parameters(schemas.pageQuery, 'query'),
          ],
          responses: { '200': json(page({ type: 'object' })), ...readResponses },
        },
      },
      '/api/transactions/{id}/allowed': {
        get: {
          tags: ['queries'],
          summary: 'The acts the caller may perform on the transaction now, revocations included',
          security: secured,
          parameters: [...parameters(schemas.idParams, 'path')],
          responses: { '200': json({ type: 'object' }), ...readResponses },
        },
      },
      '/api/parked': {
        get: {
          tags: ['operations'],
          summary: 'Action-rule runs that failed every attempt and were parked, with their errors',
          security: secured,
          responses: { '200': json({ type: 'object' }), ...readResponses },
        },
      },
      '/api/parked/{key}/retry': {
        post: {
          tags: ['operations'],
          summary: 'Runs a parked rule again; removed from the parked list when it succeeds',
          security: secured,
          parameters: [
            { name: 'key', in: 'path', required: true, schema: { type: 'string', maxLength: 512 } },
          ],
          responses: {
            '200': json({ type: 'object' }),
            '409': problemResponse('The rule failed again; it stays parked.'),
            ...readResponses,
          },
        },
      },
      '/api/agenda/{role}': {
        get: {
          tags: ['queries'],
          summary: "A role's agenda: what awaits its response and the acts it may perform",
          security: secured,
          parameters: [
            ...parameters(schemas.roleParams, 'path'),
            ...parameters(schemas.pageQuery, 'query'),
          ],
          responses: { '200': json(page({ type: 'object' })), ...readResponses },
        },
      },
      '/api/views/{name}': {
        get: {
          tags: ['queries'],
          summary: 'Rows of a view, now or as of a past position or time',
          security: secured,
          parameters: [
            {
              name: 'name',
              in: 'path',
              required: true,
              schema: { type: 'string', enum: viewNames(model) },
            },
            ...parameters(schemas.viewQuery, 'query'),
          ],
          responses: { '200': json(page({ type: 'object' })), ...readResponses },
        },
      },
      ...((model.ledgers ?? []).length === 0
        ? {}
        : {
            '/api/ledgers/{name}': {
              get: {
                tags: ['queries'],
                summary: "A ledger's balances per key",
                security: secured,
                parameters: [
                  {
                    name: 'name',
                    in: 'path',
                    required: true,
                    schema: { type: 'string', enum: (model.ledgers ?? []).map((l) => l.name) },
                  },
                  ...parameters(schemas.pageQuery, 'query'),
                ],
                responses: { '200': json(page({ type: 'object' })), ...readResponses },
              },
            },
          }),
      '/api/events': {
        get: {
          tags: ['live'],
          summary: 'Server-Sent Events: `fact`, `ledger` and `views`; resumable with Last-Event-ID',
          security: secured,
          parameters: [
            ...parameters(schemas.eventsQuery, 'query'),
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'An event stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...readResponses,
          },
        },
      },
      '/api/health': {
        get: {
          tags: ['queries'],
          summary: 'Liveness and the projections’ lag',
          responses: {
            '200': json({ type: 'object' }),
            '503': problemResponse('The store is unavailable.'),
          },
        },
      },
      ...(options.demo === true
        ? {
            '/api/demo/actors': {
              get: {
                tags: ['demo'],
                summary: 'The demo actors per role',
                responses: { '200': json({ type: 'array', items: { type: 'object' } }) },
              },
            },
            '/api/demo/session': {
              post: {
                tags: ['demo'],
                summary: 'A token for a demo actor',
                requestBody: {
                  required: true,
                  content: { 'application/json': { schema: schemas.demoSessionBody } },
                },
                responses: {
                  '200': json({
                    type: 'object',
                    properties: {
                      token: { type: 'string' },
                      actor: { type: 'string' },
                      roles: { type: 'array', items: { type: 'string' } },
                      expiresAt: { type: 'string' },
                    },
                  }),
                  '400': problemResponse('Not a demo actor of that role.'),
                },
              },
            },
          }
        : {}),
    },
  };
}
