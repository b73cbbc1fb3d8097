/**
 * CORS, off unless origins are configured: listed origins may call the API from a browser
 * (credentials stay in the Authorization header, never cookies), preflights answered with 204.
 */
import type { FastifyInstance } from 'fastify';

const allowHeaders = 'authorization, content-type, if-match, idempotency-key, last-event-id';
const exposeHeaders = 'etag, location, retry-after, idempotent-replayed';

/** Allows cross-origin calls from `origins` (`*` for any). */
export function useCors(app: FastifyInstance, origins: readonly string[]): void {
  const any = origins.includes('*');
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || (!any && !origins.includes(origin))) return;
    reply.header('access-control-allow-origin', any ? '*' : origin);
    reply.header('vary', 'Origin');
    reply.header('access-control-expose-headers', exposeHeaders);
    if (
      request.method === 'OPTIONS' &&
      request.headers['access-control-request-method'] !== undefined
    ) {
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-allow-headers', allowHeaders);
      reply.header('access-control-max-age', '600');
      await reply.code(204).send();
    }
  });
  app.options('/*', async (_request, reply) => reply.code(204).send());
}
