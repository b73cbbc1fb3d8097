/**
 * The dashboard at `/` and its assets at `/assets/app.js` and `/assets/app.css`, bundled once per
 * process when the server starts. The page sets a strict Content-Security-Policy: the client only
 * talks to this server.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { webBundle, type WebAsset, type WebBundle } from '../../web/bundle.ts';

const policy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  asset: WebAsset,
): FastifyReply | string {
  void reply.header('etag', asset.etag).header('cache-control', 'no-cache');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  void reply.type(asset.contentType);
  return asset.body;
}

/** Registers the dashboard routes; the bundle is built before the server is ready. */
export function registerWebRoutes(app: FastifyInstance): void {
  app.addHook('onReady', async () => {
    await webBundle();
  });
  const serve =
    (pick: (bundle: WebBundle) => WebAsset) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | string> => {
      const asset = pick(await webBundle());
      return send(request, reply, asset);
    };
  app.get('/', async (request, reply) => {
    void reply.header('content-security-policy', policy).header('referrer-policy', 'no-referrer');
    return serve((bundle) => bundle.html)(request, reply);
  });
  app.get(
    '/assets/app.js',
    serve((bundle) => bundle.js),
  );
  app.get(
    '/assets/app.css',
    serve((bundle) => bundle.css),
  );
}
