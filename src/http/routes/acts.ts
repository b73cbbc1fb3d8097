/**
 * Acts are commands: `POST /api/transactions` requests a new transaction of a kind, and
 * `POST /api/transactions/{id}/acts/{act}` performs any act on one. The answer is the appended facts
 * and the new status, or the refusal as problem+json. The caller acts as the actor its token names,
 * in a role its token lists; an `Idempotency-Key` makes a retry return the original outcome.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  allowedActs,
  parseAct,
  parseRevocableAct,
  type JsonObject,
  type JsonValue,
  type TransactionKindSpec,
} from '../../core/index.ts';
import { loadTransaction } from '../../engine/load-transaction.ts';
import type { PerformInput } from '../../engine/perform-input.ts';
import { ConcurrencyError } from '../../engine/ports/store-errors.ts';
import { kindSpecOf } from '../../model/kind-spec.ts';
import type { ActAnswer } from '../../protocol/index.ts';
import { canSee, type Caller } from '../auth.ts';
import { callerOf, type HttpContext } from '../context.ts';
import { fail, HttpProblem, refusalProblem, toProblem } from '../problem.ts';
import {
  type OpenApiContext,
  type OpenApiPaths,
  json,
  ref,
  routeParameters,
  securedOperation,
} from '../openapi-parts.ts';

interface CreateBody {
  readonly kind: string;
  readonly role?: string;
  readonly payload?: JsonValue;
  readonly addressee?: string;
  readonly parent?: string;
  readonly justification?: string;
  readonly operativeTime?: string;
}

interface ActBody {
  readonly role?: string;
  readonly payload?: JsonValue;
  readonly justification?: string;
  readonly revokes?: string;
  readonly operativeTime?: string;
  readonly expectedVersion?: number;
  readonly addressee?: string;
}

interface ActHeaders {
  readonly 'idempotency-key'?: string;
  readonly 'if-match'?: string;
}

/** A stable id from the parts an idempotency key is scoped by: the actor, the key, the target (pure). */
function scopedHash(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** The version in an `If-Match` header: `"3"`, `W/"3"` or `3` (pure). */
export function versionOfIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?([0-9]{1,9})"?\s*$/.exec(header);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function requireRole(caller: Caller, role: string): void {
  if (!caller.roles.includes(role)) {
    fail(403, 'RoleNotGranted', `Your token does not grant the role '${role}'.`, {
      role,
      roles: [...caller.roles],
    });
  }
}

function requirePayload(context: HttpContext, kind: string, act: string, payload: unknown): void {
  // A request of a kind with terms must carry them; the engine checks them against the schema.
  if (
    act === 'request' &&
    payload === undefined &&
    context.factum.model.transactionKinds[kind]?.payload !== undefined
  ) {
    fail(400, 'InvalidPayload', 'A request of this kind needs a `payload` (its terms).', {
      issues: [{ path: '', message: 'required' }],
    });
  }
}

async function performAndAnswer(
  context: HttpContext,
  reply: FastifyReply,
  input: PerformInput,
  options: { readonly ifMatch: boolean; readonly created: boolean },
): Promise<ActAnswer> {
  let result;
  try {
    result = await context.track(context.factum.perform(input));
  } catch (error) {
    if (error instanceof ConcurrencyError)
      throw new HttpProblem(toProblem(error, { ifMatch: options.ifMatch }), { cause: error });
    throw error;
  }
  if (!result.ok) throw new HttpProblem({ problem: refusalProblem(result.error) });
  const { transactionId, facts, state, duplicate } = result.value;
  const spec = state.kind === null ? undefined : kindSpecOf(context.factum.model, state.kind);
  reply.header('etag', `"${state.version}"`);
  if (duplicate) reply.header('idempotent-replayed', 'true');
  if (options.created) reply.header('location', `/api/transactions/${transactionId}`);
  reply.code(options.created && !duplicate ? 201 : 200);
  return {
    transactionId,
    kind: state.kind,
    status: state.status,
    version: state.version,
    duplicate,
    facts,
    state: state as unknown as JsonObject,
    allowed: spec === undefined ? [] : allowedActs(spec, state),
  };
}

async function inferRole(
  context: HttpContext,
  caller: Caller,
  spec: TransactionKindSpec,
  transactionId: string,
  act: string,
  revokes: string | undefined,
): Promise<string> {
  const parties = [spec.initiator.role, spec.executor.role];
  const candidates = caller.roles.filter((role) => parties.includes(role));
  if (candidates.length === 0) {
    fail(
      403,
      'WrongRole',
      `Acts on ${spec.name} are performed in role ${[...new Set(parties)].join(' or ')}; your token grants neither.`,
      {
        act,
        expected: [...new Set(parties)],
        roles: [...caller.roles],
      },
    );
  }
  if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
  // The actor fills both parties' roles: the pattern table says which one performs the act now.
  const { state } = await loadTransaction(context.factum.store, transactionId);
  const parsed = parseAct(act);
  const revoked = revokes === undefined ? undefined : parseRevocableAct(revokes);
  const match = allowedActs(spec, state).find(
    (a) => a.act === parsed && a.revokes === revoked && candidates.includes(a.role),
  );
  if (match === undefined) {
    fail(
      400,
      'AmbiguousRole',
      'Your token grants several roles of this transaction: say which in `role`.',
      {
        roles: candidates,
      },
    );
  }
  return match.role;
}

/** Registers the act routes. */
export function registerActRoutes(app: FastifyInstance, context: HttpContext): void {
  const { schemas, factum, owners } = context;
  const { model } = factum;

  app.post<{ Body: CreateBody; Headers: ActHeaders }>(
    '/api/transactions',
    { schema: { body: schemas.createBody, headers: schemas.actHeaders } },
    async (request, reply) => {
      const caller = await callerOf(context, request);
      const body = request.body;
      const kind = model.transactionKinds[body.kind];
      if (kind === undefined || !Object.hasOwn(model.transactionKinds, body.kind)) {
        return fail(400, 'UnknownKind', `Unknown transaction kind '${body.kind}'.`, {
          kind: body.kind,
        });
      }
      let role = body.role;
      if (role === undefined) {
        if (caller.roles.includes(kind.initiator)) role = kind.initiator;
        else {
          return fail(
            403,
            'WrongRole',
            `A ${kind.name} is requested by role ${kind.initiator}; your token does not grant it.`,
            {
              act: 'request',
              expected: [kind.initiator],
              roles: [...caller.roles],
            },
          );
        }
      }
      requireRole(caller, role);
      requirePayload(context, body.kind, 'request', body.payload);
      if (body.parent !== undefined && !canSee(caller, await owners.ownerOf(body.parent))) {
        return fail(
          404,
          'UnknownTransaction',
          `Parent transaction '${body.parent}' does not exist.`,
          {
            transactionId: body.parent,
          },
        );
      }
      const key = request.headers['idempotency-key'];
      const ids =
        key === undefined
          ? {}
          : (() => {
              const hash = scopedHash(caller.actor, key, 'create', body.kind);
              const prefix = kind.name.toLowerCase().replace(/[^a-z0-9]/g, '') || 'tx';
              return {
                transactionId: `${prefix}-${hash.slice(0, 24)}`,
                actId: `act-${hash.slice(0, 32)}`,
              };
            })();
      return performAndAnswer(
        context,
        reply,
        {
          ...ids,
          kind: body.kind,
          act: 'request',
          performer: { actor: caller.actor, role },
          ...(body.payload === undefined ? {} : { payload: body.payload }),
          ...(body.addressee === undefined ? {} : { addressee: body.addressee }),
          ...(body.parent === undefined ? {} : { parent: body.parent }),
          ...(body.justification === undefined ? {} : { justification: body.justification }),
          ...(body.operativeTime === undefined ? {} : { operativeTime: body.operativeTime }),
        },
        { ifMatch: false, created: true },
      );
    },
  );

  app.post<{ Params: { id: string; act: string }; Body: ActBody; Headers: ActHeaders }>(
    '/api/transactions/:id/acts/:act',
    { schema: { params: schemas.actParams, body: schemas.actBody, headers: schemas.actHeaders } },
    async (request, reply) => {
      const caller = await callerOf(context, request);
      const { id, act } = request.params;
      const body = request.body;
      const unknown = (): never =>
        fail(404, 'UnknownTransaction', `Transaction '${id}' does not exist.`, {
          transactionId: id,
        });
      const kindId = await factum.engine.kindOf(id);
      if (kindId === undefined) return unknown();
      if (!canSee(caller, await owners.ownerOf(id))) return unknown();
      const spec = kindSpecOf(model, kindId);
      if (spec === undefined) return unknown();
      const role = body.role ?? (await inferRole(context, caller, spec, id, act, body.revokes));
      requireRole(caller, role);
      requirePayload(context, kindId, parseAct(act) ?? act, body.payload);
      const ifMatch = versionOfIfMatch(request.headers['if-match']);
      const expectedVersion = ifMatch ?? body.expectedVersion;
      const key = request.headers['idempotency-key'];
      return performAndAnswer(
        context,
        reply,
        {
          transactionId: id,
          act,
          performer: { actor: caller.actor, role },
          ...(key === undefined
            ? {}
            : {
                actId: `act-${scopedHash(caller.actor, key, id, act, body.revokes ?? '').slice(0, 32)}`,
              }),
          ...(body.revokes === undefined ? {} : { revokes: body.revokes }),
          ...(body.payload === undefined ? {} : { payload: body.payload }),
          ...(body.justification === undefined ? {} : { justification: body.justification }),
          ...(body.operativeTime === undefined ? {} : { operativeTime: body.operativeTime }),
          ...(body.addressee === undefined ? {} : { addressee: body.addressee }),
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        },
        { ifMatch: ifMatch !== undefined, created: false },
      );
    },
  );
}

/** The OpenAPI paths of the act routes (pure). */
export function actPaths(api: OpenApiContext): OpenApiPaths {
  const { schemas, kinds, actResponses } = api;
  return {
    '/api/transactions': {
      post: securedOperation('acts', 'Request a new transaction of a kind', {
        description:
          'Without an Idempotency-Key every request starts a transaction of its own: a client that ' +
          'retries after losing the answer (a timeout, a dropped connection) starts a second one. ' +
          'Send a fresh key (a UUID) per transaction you mean to start and the same key on every ' +
          'retry: a retry by the same actor under the same key appends nothing and answers 200 ' +
          'with the original outcome.',
        parameters: routeParameters({ headers: schemas.actHeaders }),
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
      }),
    },
    '/api/transactions/{id}/acts/{act}': {
      post: securedOperation(
        'acts',
        'Perform an act on a transaction: promise, decline, execute, declare, accept, reject, revoke …',
        {
          parameters: routeParameters({ params: schemas.actParams, headers: schemas.actHeaders }),
          requestBody: {
            required: false,
            content: { 'application/json': { schema: ref('PerformAct') } },
          },
          responses: {
            '200': json(ref('ActResult'), 'Performed: the facts appended and the new status'),
            ...actResponses,
          },
        },
      ),
    },
  };
}
