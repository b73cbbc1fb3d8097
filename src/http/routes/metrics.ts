/**
 * The Prometheus scrape endpoint (`GET /metrics` unless told otherwise). It is off the actors' auth
 * path — a scraper holds no actor's token — and may instead require its own bearer token; it may
 * also be served on a port of its own, kept off the public network.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { problem, problemContentType } from '../problem.ts';

/** Where and how the metrics are served. */
export interface MetricsEndpoint {
  /** The path (default `/metrics`). */
  readonly path?: string;
  /** A bearer token the scraper must send; none: the endpoint is open. */
  readonly token?: string;
  /** The text exposition to send. */
  readonly render: () => Promise<{ readonly contentType: string; readonly body: string }>;
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Registers the metrics endpoint on a Fastify server. */
export function registerMetricsRoute(app: FastifyInstance, endpoint: MetricsEndpoint): void {
  app.get(endpoint.path ?? '/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (endpoint.token !== undefined) {
      const header = request.headers.authorization ?? '';
      const sent = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      if (!sameToken(sent, endpoint.token)) {
        const body = problem(401, 'Unauthorized', 'The metrics need their bearer token.');
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .type(problemContentType)
          .send(JSON.stringify(body));
      }
    }
    const { contentType, body } = await endpoint.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
