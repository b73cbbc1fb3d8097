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

/** The dashboard's icon: a seal with an F, in the top bar's colours. */
const favicon = [
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">',
  '<rect width="32" height="32" rx="7" fill="#17202e"/>',
  '<path d="M10 7h13v4h-8.5v4H21v4h-6.5v6H10z" fill="#7fb0ff"/>',
  '</svg>',
].join('');
const faviconAsset: WebAsset = {
  body: favicon,
  contentType: 'image/svg+xml',
  etag: '"factum-icon-1"',
};

/**
 * Registers the dashboard routes; the bundle (with the model's own dashboard module, when it names
 * one) is built before the server is ready.
 */
export function registerWebRoutes(app: FastifyInstance, module?: string): void {
  app.addHook('onReady', async () => {
    await webBundle(module);
  });
  const serve =
    (pick: (bundle: WebBundle) => WebAsset) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | string> => {
      const asset = pick(await webBundle(module));
      return send(request, reply, asset);
    };
  for (const path of ['/favicon.svg', '/favicon.ico'])
    app.get(path, (request, reply) => {
      void reply.header('cache-control', 'public, max-age=86400');
      return send(request, reply, faviconAsset);
    });
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
