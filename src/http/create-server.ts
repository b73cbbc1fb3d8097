/**
 * The HTTP API of a running model: Fastify with JSON Schema validation of every input, acts as
 * commands, queries over the views, live updates over SSE, bearer-token actors, problem+json
 * errors, and the OpenAPI document (`/openapi.json`, interactive at `/docs`) derived from the model.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { LoggerOptions as PinoLoggerOptions } from 'pino';
import Fastify, {
  LogController,
  type FastifyRequest,
  type FastifyInstance,
  type FastifyReply,
  type FastifyLoggerOptions,
} from 'fastify';
import type { Factum } from '../engine/factum.ts';
import type { ViewStore } from '../engine/ports/view-store.ts';
import { createAuthenticator, type AuthOptions } from './auth.ts';
import type { HttpContext } from './context.ts';
import { useCors } from './cors.ts';
import { useStrictJsonParser } from './json-body.ts';
import { useRequestSpans } from './tracing-hooks.ts';
import { openApiDocument } from './openapi.ts';
import { ownerResolver } from './owners.ts';
import { problem, problemContentType, toProblem } from './problem.ts';
import { registerActRoutes } from './routes/acts.ts';
import { registerAllowedRoutes } from './routes/allowed.ts';
import { registerDemoRoutes } from './routes/demo.ts';
import { registerDiagramRoutes } from './routes/diagrams.ts';
import { registerModelExportRoutes } from './routes/model-exports.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerMetricsRoute, type MetricsEndpoint } from './routes/metrics.ts';
import { registerLiveRoutes } from './routes/live.ts';
import { registerParkedRoutes } from './routes/parked.ts';
import { registerProposalRoutes } from './routes/proposals.ts';
import { registerQueryRoutes } from './routes/queries.ts';
import { registerWebRoutes } from './routes/web.ts';
import { routeSchemas } from './schemas.ts';
import { LiveHub, type LiveHubOptions } from './sse-hub.ts';
import { tunables } from '../tunables.ts';

/** How to build the server. */
export interface ServerOptions {
  /** The running model; its lifecycle (start/stop) stays with the caller. */
  readonly factum: Factum;
  readonly auth: AuthOptions;
  /** Fastify's logger (pino): false (default), true, or pino options such as `{ level: 'info' }`. */
  readonly logger?: boolean | (FastifyLoggerOptions & PinoLoggerOptions);
  /** Largest accepted body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Origins allowed to call from browsers; false (default) for none. */
  readonly cors?: false | readonly string[];
  /** Heartbeat and per-client queue bound of the live feed. */
  readonly live?: LiveHubOptions;
  /** A live hub made beforehand with `createLiveHub`, so `createFactum({ onViewsCommitted })` can feed it. */
  readonly hub?: LiveHub;
  /**
   * Makes an empty view store for a read as of a past moment, which rebuilds the views up to it
   * (`memoryViewStore` serves; the composition root chooses, so HTTP depends on no store).
   */
  readonly scratchViews: () => ViewStore;
  /** How long shutdown waits for acts in flight, in ms (default 10 000). */
  readonly drainTimeoutMs?: number;
  /** Called once the server is ready (routes registered, live feed following the log). */
  readonly onReady?: () => void | Promise<void>;
  /** The API version shown in the OpenAPI document. */
  readonly version?: string;
  /** Serve the dashboard at `/` (default true); it is bundled once when the server starts. */
  readonly web?: boolean;
  /** Serve Prometheus metrics on this server (see `createMetrics`); absent: no metrics endpoint. */
  readonly metrics?: MetricsEndpoint;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The live feed; wire `viewsCommitted` to the factum's `onViewsCommitted` for `views` events. */
    factumLive: LiveHub;
  }
}

/** Fastify's request log, one level down: requests at debug, so that info carries one line per act. */
class DebugRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    _error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    request.log.debug(
      { res: reply, responseTime: Math.round(reply.elapsedTime * 10) / 10 },
      'request completed',
    );
  }
}

/** Logs requests without the `access_token` an EventSource puts in the query string (pure). */
function loggerOptions(
  logger: ServerOptions['logger'],
): false | (FastifyLoggerOptions & PinoLoggerOptions) {
  if (logger === undefined || logger === false) return false;
  const base = logger === true ? {} : logger;
  // A silent logger would still make a child logger per request: none at all logs the same nothing.
  if (base.level === 'silent') return false;
  return {
    ...base,
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: request.url.replace(/access_token=[^&]*/g, 'access_token=[redacted]'),
        ...(request.ip === undefined ? {} : { remoteAddress: request.ip }),
      }),
      ...(typeof base === 'object' ? (base as { serializers?: object }).serializers : {}),
    },
  };
}

/** Creates the live hub for a store, to pass to `createServer({ hub })` (impure: subscribes when started). */
export function createLiveHub(factumStore: Factum['store'], options: LiveHubOptions = {}): LiveHub {
  return new LiveHub(factumStore, ownerResolver(factumStore), options);
}

/**
 * Builds the API server for a running model, ready to `listen` (not listening). Closing it ends
 * the live streams and waits for the acts in flight.
 *
 * @example
 * const app = await createServer({ factum, auth: { mode: 'demo' } });
 * await app.listen({ port: 3000, host: '0.0.0.0' });
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { factum } = options;
  const { model } = factum;
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: options.bodyLimit ?? tunables.http.bodyLimitBytes,
    routerOptions: { maxParamLength: 256 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Requests are logged at debug; at info, one line per act is logged by the application.
    logController: new DebugRequestLog(),
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
      },
    },
    frameworkErrors: (error, _request, reply) => {
      const { problem: body } = toProblem(error);
      void (reply as FastifyReply)
        .code(body.status)
        .type(problemContentType)
        .send(JSON.stringify(body));
    },
  });
  const auth = createAuthenticator(model, options.auth);
  const owners = ownerResolver(factum.store);
  const hub =
    options.hub ??
    new LiveHub(factum.store, owners, {
      ...options.live,
      onError: (error) => app.log.error({ err: error }, 'live feed: subscription failed'),
    });
  app.decorate('factumLive', hub);
  const inflight = new Set<Promise<unknown>>();
  const context: HttpContext = {
    factum,
    auth,
    owners,
    hub,
    schemas: routeSchemas(model),
    scratchViews: options.scratchViews,
    track(work) {
      inflight.add(work);
      const done = (): void => {
        inflight.delete(work);
      };
      work.then(done, done);
      return work;
    },
  };

  useStrictJsonParser(app);
  useRequestSpans(app);
  app.setErrorHandler((error, request, reply) => {
    const { problem: body, headers } = toProblem(error, {});
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ code: body.code, status: body.status }, body.detail);
    if (headers !== undefined) void reply.headers(headers);
    return reply.code(body.status).type(problemContentType).send(JSON.stringify(body));
  });
  app.setNotFoundHandler((request, reply) => {
    const body = problem(
      404,
      'NotFound',
      `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`,
    );
    return reply.code(404).type(problemContentType).send(JSON.stringify(body));
  });
  // An act without a body is an act without payload or justification.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.method === 'POST' && request.body === undefined) request.body = {};
    done();
  });
  let closing = false;
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    // A response finished while shutting down closes its connection, so close() need not wait for
    // keep-alive sockets to time out.
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  if (options.cors !== undefined && options.cors !== false && options.cors.length > 0)
    useCors(app, options.cors);

  const document = openApiDocument(model, {
    demo: auth.mode === 'demo',
    ...(options.version === undefined ? {} : { version: options.version }),
  });
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', () => document);

  registerActRoutes(app, context);
  registerQueryRoutes(app, context);
  registerDiagramRoutes(app, context.factum.model);
  registerModelExportRoutes(app, context.factum.model);
  registerHealthRoute(app, context);
  registerLiveRoutes(app, context);
  registerAllowedRoutes(app, context);
  registerParkedRoutes(app, context);
  registerProposalRoutes(app, context);
  if (auth.mode === 'demo') registerDemoRoutes(app, context);
  if (options.web ?? true) registerWebRoutes(app, model.dashboard?.module);
  if (options.metrics !== undefined) registerMetricsRoute(app, options.metrics);

  app.addHook('onReady', async () => {
    await hub.start();
    await options.onReady?.();
  });
  app.addHook('preClose', async () => {
    closing = true;
    await hub.close();
  });
  app.addHook('onClose', async () => {
    const deadline = new Promise((resolve) =>
      setTimeout(resolve, options.drainTimeoutMs ?? tunables.http.drainTimeoutMs).unref(),
    );
    await Promise.race([Promise.allSettled([...inflight]), deadline]);
  });
  return app;
}
