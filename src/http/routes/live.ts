/**
 * `GET /api/events`: the live feed as Server-Sent Events (`fact`, `ledger`, `views`), scoped to what
 * the caller may see, optionally to one transaction tree, resumable with `Last-Event-ID`. Browsers'
 * EventSource cannot send headers, so the token may come as `?access_token=`.
 */
import type { FastifyInstance } from 'fastify';
import { InvalidAppendError } from '../../engine/ports/store-errors.ts';
import { canSee } from '../auth.ts';
import { callerOf, type HttpContext } from '../context.ts';
import { fail } from '../problem.ts';
import {
  type OpenApiContext,
  type OpenApiPaths,
  answer,
  routeParameters,
  securedOperation,
} from '../openapi-parts.ts';

interface EventsQuery {
  readonly transaction?: string;
  readonly access_token?: string;
  readonly lastEventId?: string;
}

/** Registers the live route. */
export function registerLiveRoutes(app: FastifyInstance, context: HttpContext): void {
  app.get<{ Querystring: EventsQuery }>(
    '/api/events',
    { schema: { querystring: context.schemas.eventsQuery } },
    async (request, reply) => {
      const caller = await callerOf(context, request, request.query.access_token);
      const { transaction } = request.query;
      if (transaction !== undefined && !canSee(caller, await context.owners.ownerOf(transaction))) {
        fail(404, 'UnknownTransaction', `Transaction '${transaction}' does not exist.`, {
          transactionId: transaction,
        });
      }
      const header = request.headers['last-event-id'];
      const lastEventId =
        (typeof header === 'string' ? header : undefined) ?? request.query.lastEventId;
      if (lastEventId !== undefined) {
        const bad = (): never =>
          fail(400, 'InvalidLastEventId', 'Last-Event-ID is not an event id of this server.');
        if (!/^[\x21-\x7e]{1,200}$/.test(lastEventId)) bad();
        try {
          await context.hub.checkCheckpoint(lastEventId);
        } catch (error) {
          if (error instanceof InvalidAppendError) bad();
          throw error;
        }
      }
      reply.hijack();
      const raw = reply.raw;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (typeof value === 'string') headers[name] = value;
      }
      raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.socket?.setNoDelay(true);
      raw.socket?.setTimeout(0);
      raw.write(': connected\n\n');
      context.hub.attach(raw, {
        caller,
        ...(transaction === undefined ? {} : { transaction }),
        ...(lastEventId === undefined ? {} : { lastEventId }),
      });
    },
  );
}

/** The OpenAPI path of the live event stream (pure). */
export function livePaths(api: OpenApiContext): OpenApiPaths {
  const { schemas, readResponses } = api;
  return {
    '/api/events': {
      get: securedOperation(
        'live',
        'Server-Sent Events: `fact`, `ledger` and `views`; resumable with Last-Event-ID',
        {
          parameters: [
            ...routeParameters({ querystring: schemas.eventsQuery }),
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': answer('An event stream', { 'text/event-stream': { type: 'string' } }),
            ...readResponses,
          },
        },
      ),
    },
  };
}
