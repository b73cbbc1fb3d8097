/**
 * Parked rule runs, for operators: `GET /api/parked` lists the action-rule runs the agent gave up on
 * (with their error), `POST /api/parked/{key}/retry` runs one again. Only for callers in a
 * non-personal role: a customer never sees the shop's internals.
 */
import type { FastifyInstance } from 'fastify';
import type { Caller } from '../auth.ts';
import { callerOf, type HttpContext } from '../context.ts';
import { fail } from '../problem.ts';
import {
  type OpenApiContext,
  type OpenApiPaths,
  json,
  problemResponse,
  routeParameters,
  securedOperation,
} from '../openapi-parts.ts';
import { keyParams } from '../schemas.ts';

const routeKeyParams = keyParams(256);

function requireOperator(caller: Caller): void {
  if (caller.restricted) {
    fail(403, 'NotAnOperator', 'Parked rule runs are for non-personal roles.', {
      roles: [...caller.roles],
    });
  }
}

/** Registers the parked-rule routes. */
export function registerParkedRoutes(app: FastifyInstance, context: HttpContext): void {
  const { factum } = context;

  app.get('/api/parked', async (request, reply) => {
    requireOperator(await callerOf(context, request));
    void reply.header('cache-control', 'no-store');
    const items = (await factum.agent?.parked()) ?? [];
    return { items, total: items.length };
  });

  app.post<{ Params: { key: string } }>(
    '/api/parked/:key/retry',
    { schema: { params: routeKeyParams } },
    async (request) => {
      requireOperator(await callerOf(context, request));
      const { key } = request.params;
      const agent = factum.agent;
      const parked = agent === undefined ? [] : await agent.parked();
      if (agent === undefined || !parked.some((row) => row.key === key)) {
        return fail(404, 'NotParked', `No parked rule run '${key}'.`, { key });
      }
      try {
        await context.track(agent.retryParked(key));
      } catch (error) {
        return fail(409, 'RetryFailed', 'The rule failed again; it stays parked.', {
          key,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return { key, retried: true };
    },
  );
}

/** The OpenAPI paths of the parked rule runs (pure). */
export function parkedPaths(api: OpenApiContext): OpenApiPaths {
  const { readResponses } = api;
  return {
    '/api/parked': {
      get: securedOperation(
        'operations',
        'Action-rule runs that failed every attempt and were parked, with their errors',
        { responses: { '200': json({ type: 'object' }), ...readResponses } },
      ),
    },
    '/api/parked/{key}/retry': {
      post: securedOperation(
        'operations',
        'Runs a parked rule again; removed from the parked list when it succeeds',
        {
          parameters: routeParameters({ params: routeKeyParams }),
          responses: {
            '200': json({ type: 'object' }),
            '409': problemResponse('The rule failed again; it stays parked.'),
            ...readResponses,
          },
        },
      ),
    },
  };
}
