/**
 * `GET /api/transactions/{id}/allowed`: the acts the caller may perform on a transaction now, read
 * from the pattern table (revocations included), so a client shows exactly those as buttons.
 */
import type { FastifyInstance } from 'fastify';
import { allowedActs, type JsonValue } from '../../core/index.ts';
import { loadTransaction } from '../../engine/load-transaction.ts';
import { kindSpecOf } from '../../model/kind-spec.ts';
import { canSee } from '../auth.ts';
import { callerOf, type HttpContext } from '../context.ts';
import { fail } from '../problem.ts';

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
      const { state } = await loadTransaction(factum.store, id);
      const spec = state.kind === null ? undefined : kindSpecOf(factum.model, state.kind);
      if (spec === undefined || owner === undefined || !canSee(caller, owner)) {
        return fail(404, 'UnknownTransaction', `Transaction '${id}' does not exist.`, {
          transactionId: id,
        });
      }
      void reply.header('etag', `"${state.version}"`).header('cache-control', 'no-store');
      const allowed = allowedActs(spec, state).filter((a) => caller.roles.includes(a.role));
      return {
        transactionId: id,
        kind: state.kind,
        status: state.status,
        version: state.version,
        allowed: allowed as unknown as JsonValue[],
      };
    },
  );
}
