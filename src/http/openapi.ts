/**
 * The OpenAPI 3.1 document of the API, derived from the model it runs: a request body per
 * transaction kind (its payload schema and example), the acts, the roles with their agendas and the
 * views each may read. The input schemas are the ones the routes validate with; each route file
 * contributes the paths it serves (`routes/*.ts`, written with `openapi-parts.ts`).
 */
import type { JsonObject, JsonValue } from '../core/index.ts';
import { isPersonalRole } from '../model/kind-spec.ts';
import type { Model } from '../model/model.ts';
import { builtinViews } from '../engine/views/builtin-projection.ts';
import { actPaths } from './routes/acts.ts';
import { allowedPaths } from './routes/allowed.ts';
import { demoPaths } from './routes/demo.ts';
import { diagramPaths } from './routes/diagrams.ts';
import { healthPaths } from './routes/health.ts';
import { livePaths } from './routes/live.ts';
import { modelExportPaths } from './routes/model-exports.ts';
import { parkedPaths } from './routes/parked.ts';
import { proposalPaths } from './routes/proposals.ts';
import { queryPaths } from './routes/queries.ts';
import { mergePaths, openApiContext, ref, strings } from './openapi-parts.ts';

/** The views a role may read: the built-in ones and the model's views open to it (pure). */
export function viewsReadableBy(model: Model, role: string): string[] {
  return [
    ...Object.values(builtinViews),
    ...(model.views ?? [])
      .filter((view) => view.readableBy === undefined || view.readableBy.includes(role))
      .map((view) => view.name),
  ];
}

/** Where a transaction stands: what an act's answer and the allowed acts both begin with. */
const standing: JsonObject = {
  ...strings('transactionId', 'kind', 'status'),
  version: { type: 'integer' },
};

/** Builds the OpenAPI document for a model: the shared schemas here, each route's paths from its own file (pure). */
export function openApiDocument(
  model: Model,
  options: { readonly demo?: boolean; readonly version?: string } = {},
): JsonObject {
  const api = openApiContext(model);
  const { schemas, kinds } = api;
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
            ...strings('type', 'title'),
            status: { type: 'integer' },
            ...strings('detail', 'code'),
            allowed: { type: 'array', items: { type: 'object' } },
            issues: {
              type: 'array',
              items: { type: 'object', properties: strings('path', 'message') },
            },
            awaiting: { type: 'object' },
          },
          required: ['type', 'title', 'status', 'detail', 'code'],
        },
        Fact: {
          type: 'object',
          properties: {
            ...strings('type', 'fact', 'act', 'transactionId'),
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
            ...standing,
            duplicate: { type: 'boolean' },
            facts: { type: 'array', items: ref('Fact') },
            allowed: { type: 'array', items: { type: 'object' } },
          },
        },
        AwaitedFact: {
          type: 'object',
          description:
            'What an act waits for (a wait link): a fact of a kind, in a named transaction when one exists.',
          properties: {
            ...strings('kind', 'kindName', 'fact'),
            transactionId: {
              type: 'string',
              description: 'Absent when no transaction of the kind has been requested yet.',
            },
            status: { type: 'string', description: "That transaction's status now." },
          },
          required: ['kind', 'fact'],
        },
        AllowedAct: {
          type: 'object',
          properties: {
            ...strings('act', 'revokes'),
            party: { type: 'string', enum: ['initiator', 'executor'] },
            role: { type: 'string' },
            waiting: {
              type: 'array',
              items: ref('AwaitedFact'),
              description: 'Present when a wait link holds the act back: what it waits for.',
            },
          },
          required: ['act', 'party', 'role'],
        },
        StartableChild: {
          type: 'object',
          description:
            'A child kind that may start under the transaction now, by a response link of the Process Model.',
          properties: {
            ...strings('kind', 'kindName'),
            role: {
              type: 'string',
              description: "The child kind's initiator role (who requests it).",
            },
            executorRole: { type: 'string' },
            // eslint-disable-next-line @typescript-eslint/no-deprecated -- a schema property, not String.prototype.link
            link: {
              type: 'object',
              properties: {
                from: {
                  type: 'object',
                  properties: { kind: { type: 'string' }, fact: { type: 'string' } },
                },
                cardinality: { type: 'string', enum: ['1', '0..1', '0..n', '1..n'] },
              },
            },
            source: {
              type: 'string',
              description:
                'The transaction whose fact the link answers: this one or a child of it.',
            },
            addressee: {
              type: 'string',
              description: 'The actor a request naming none is addressed to.',
            },
            remaining: {
              type: ['integer', 'null'],
              description: 'How many more may start by the link; null when unbounded.',
            },
            required: {
              type: 'boolean',
              description:
                "True when the link asks for at least one ('1', '1..n') and none started.",
            },
          },
          required: ['kind', 'kindName', 'role', 'link', 'source', 'remaining', 'required'],
        },
        Allowed: {
          type: 'object',
          properties: {
            ...standing,
            allowed: { type: 'array', items: ref('AllowedAct') },
            startable: { type: 'array', items: ref('StartableChild') },
          },
          required: [...Object.keys(standing), 'allowed', 'startable'],
        },
        AgendaItem: {
          type: 'object',
          properties: {
            ...strings('transactionId', 'kind', 'kindName', 'role', 'party', 'status'),
            awaiting: { type: 'string', description: 'The fact the role responds to.' },
            since: { type: 'string', format: 'date-time' },
            acts: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  ...strings('act', 'revokes'),
                  waiting: { type: 'array', items: ref('AwaitedFact') },
                },
                required: ['act'],
              },
            },
          },
        },
        CreateTransaction: { oneOf: requestVariants },
        PerformAct: schemas.actBody,
      },
    },
    paths: mergePaths([
      queryPaths(api),
      diagramPaths(),
      modelExportPaths(),
      actPaths(api),
      allowedPaths(api),
      parkedPaths(api),
      proposalPaths(api),
      livePaths(api),
      healthPaths(),
      ...(options.demo === true ? [demoPaths(api)] : []),
    ]),
  };
}
