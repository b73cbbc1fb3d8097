/**
 * `GET /api/transactions/{id}/allowed`: what the caller may do on a transaction now — the acts the
 * pattern table allows (revocations included), each marked `waiting` with what a wait link still
 * holds it back for, and the child kinds it may start under the transaction (`startable`: by which
 * response link, addressed to whom by default, how many more). A client shows exactly these.
 */
import type { FastifyInstance } from 'fastify';
import type { JsonValue } from '../../core/index.ts';
import { canSee } from '../auth.ts';
import { callerOf, type HttpContext } from '../context.ts';
import { fail } from '../problem.ts';
import {
  type OpenApiContext,
  type OpenApiPaths,
  json,
  ref,
  routeParameters,
  securedOperation,
} from '../openapi-parts.ts';

/** Registers the allowed-acts route. */
export function registerAllowedRoutes(app: FastifyInstance, context: HttpContext): void {
  const { factum, owners, schemas } = context;
  app.get<{ Params: { id: string } }>(
    '/api/transactions/:id/allowed',
    { schema: { params: schemas.idParams } },
    async (request, reply) => {
      const caller = await callerOf(context, request);
      const { id } = request.params;
      const owner = await owners.ownerOf(id);
      const { state, outlook } = await factum.engine.outlook(id);
      if (state.kind === null || owner === undefined || !canSee(caller, owner)) {
        return fail(404, 'UnknownTransaction', `Transaction '${id}' does not exist.`, {
          transactionId: id,
        });
      }
      void reply.header('etag', `"${state.version}"`).header('cache-control', 'no-store');
      const mine = (role: string): boolean => caller.roles.includes(role);
      return {
        transactionId: id,
        kind: state.kind,
        status: state.status,
        version: state.version,
        allowed: outlook.allowed.filter((a) => mine(a.role)) as unknown as JsonValue[],
        startable: outlook.startable.filter((s) => mine(s.role)) as unknown as JsonValue[],
      };
    },
  );
}

/** The OpenAPI path of the allowed acts (pure). */
export function allowedPaths(api: OpenApiContext): OpenApiPaths {
  const { schemas, readResponses } = api;
  return {
    '/api/transactions/{id}/allowed': {
      get: securedOperation(
        'queries',
        'The acts the caller may perform on the transaction now (revocations included, those held back by a wait link marked `waiting`) and the child kinds it may start under it (`startable`)',
        {
          parameters: routeParameters({ params: schemas.idParams }),
          responses: { '200': json(ref('Allowed')), ...readResponses },
        },
      ),
    },
  };
}
