/**
 * The composition root of the server: load the model, open the stores the URL names, start the
 * views and agents, serve the HTTP API (and the metrics), and shut down gracefully (drain in-flight
 * acts and live clients, stop the runners, close the stores).
 */
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createFactum, type Factum } from '../engine/factum.ts';
import type { ActReport } from '../engine/observer.ts';
import { createLiveHub, createServer, loadOrCreateTokenSecret } from '../http/index.ts';
import { registerMetricsRoute, type MetricsEndpoint } from '../http/routes/metrics.ts';
import { natsOutbox, type NatsOutboxOptions } from '../integrations/nats/nats-outbox.ts';
import {
  startNatsInbox,
  type NatsInbox,
  type NatsInboxOptions,
} from '../integrations/nats/nats-inbox.ts';
import type { Model } from '../model/model.ts';
import { createMetrics } from './metrics.ts';
import { openStores, type OpenStores } from './open-stores.ts';
import { memoryViewStore } from '../stores/memory/memory-view-store.ts';
import { runnersThread, type RunnersThread } from './runners-thread.ts';

/** Where the Prometheus metrics are served. */
export interface MetricsServing {
  /** Serve them at all (default true). */
  readonly enabled: boolean;
  /** The path (default `/metrics`). */
  readonly path: string;
  /** A port of their own (on the same host), kept apart from the API; absent: the API's port. */
  readonly port?: number;
  /** A bearer token the scraper must send; absent: the endpoint is open. */
  readonly token?: string;
}

export interface ServeOptions {
  readonly model: Model;
  /**
   * The file the model was loaded from (see `loadModel`). With it, over SQLite or PostgreSQL, the
   * views, the agents and the live feed's framing run on a worker thread that loads the same file,
   * off the event loop that serves the requests; without it, they run on that loop.
   */
  readonly modelFile?: string;
  /** `sqlite:<file>`, `postgres://…` or `memory:`. */
  readonly storeUrl: string;
  readonly port: number;
  readonly host: string;
  /** Where the demo-mode token secret is kept. */
  readonly dataDir: string;
  /** `demo` issues tokens for the model's demo actors; `jwt` only accepts tokens signed elsewhere. */
  readonly authMode: 'demo' | 'jwt';
  /** HS256 secret; in demo mode a random one is kept in the data folder when absent. */
  readonly tokenSecret?: string;
  /** PEM public key for tokens signed elsewhere (RS256/ES256). */
  readonly publicKey?: string;
  readonly logLevel: string;
  /** Run the model's demo data (e.g. the shop's stock) on start; idempotent. */
  readonly demoData: boolean;
  /**
   * Let the model's action rules act (default). Off, every act is performed by hand, as when
   * walking the pattern with a class or trying a model's Process Model before its Action Model.
   */
  readonly rules?: boolean;
  /** Let demo sign-in (anyone may act as anyone) listen on an address other than loopback. */
  readonly allowDemoOnNetwork?: boolean;
  /** The metrics endpoint (default: enabled at `/metrics` on the API's port). */
  readonly metrics?: MetricsServing;
  /** Publish the facts as CloudEvents to NATS JetStream (off when absent). */
  readonly nats?: Omit<NatsOutboxOptions, 'onError'>;
  /** Take other systems' CloudEvents into the model's inbound mappings (when it has any). */
  readonly natsInbox?: Omit<NatsInboxOptions, 'onError' | 'onReceived'>;
  /**
   * How long a lease on a view, agent or relay lasts without renewal (ms, default 5000): another
   * process sharing the database takes over within about this time of this one dying or freezing.
   */
  readonly leaseTtlMs?: number;
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  /** Where the metrics are served, when they are. */
  readonly metricsUrl: string | undefined;
  readonly factum: Factum;
  readonly stores: OpenStores;
  close(): Promise<void>;
}

/** Thrown when the options ask for something unsafe or impossible; the message says what to do. */
export class ServeOptionsError extends Error {
  override readonly name = 'ServeOptionsError';
  readonly code = 'InvalidServeOptions';
}

/** Whether an address to listen on reaches only this machine (pure). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(bare) ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(bare)
  );
}

/** Refuses demo sign-in on a non-loopback address unless allowed (pure; throws ServeOptionsError). */
export function checkDemoExposure(
  options: Pick<ServeOptions, 'authMode' | 'host' | 'allowDemoOnNetwork'>,
): void {
  if (
    options.authMode !== 'demo' ||
    isLoopback(options.host) ||
    options.allowDemoOnNetwork === true
  )
    return;
  throw new ServeOptionsError(
    `Demo sign-in lets anyone who reaches the server act as any actor, so it listens only on a loopback address, not on '${options.host}'. ` +
      'For real users use --auth jwt (FACTUM_AUTH=jwt). To show the demo on a network you trust, ' +
      'pass --allow-demo-on-network (FACTUM_ALLOW_DEMO_ON_NETWORK=true).',
  );
}

/** The log line of one act (pure): what was done to which transaction, by whom, and the outcome. */
export function actLogLine(report: ActReport): {
  readonly fields: object;
  readonly message: string;
} {
  const fields = {
    kind: report.kind,
    act: report.act,
    outcome: report.outcome,
    ...(report.transactionId === undefined ? {} : { transactionId: report.transactionId }),
    actor: report.performer.actor,
    role: report.performer.role,
    ...(report.code === undefined ? {} : { code: report.code }),
    ...(report.facts.length === 0 ? {} : { facts: report.facts }),
    ms: Math.round(report.seconds * 10_000) / 10,
  };
  const what = `${report.act} ${report.kind}${report.transactionId === undefined ? '' : ` ${report.transactionId}`}`;
  const message =
    report.outcome === 'appended'
      ? `${what} → ${report.facts.join(', ')}`
      : `${what} ${report.outcome}${report.code === undefined ? '' : `: ${report.code}`}`;
  return { fields, message };
}

function urlOf(app: FastifyInstance, host: string, fallbackPort: number): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : fallbackPort;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${port}`;
}

/** Starts the whole server; resolves once it listens. */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  checkDemoExposure(options);
  const metricsServing = options.metrics ?? { enabled: true, path: '/metrics' };
  const stores = await openStores(
    options.storeUrl,
    options.leaseTtlMs === undefined ? {} : { leaseTtlMs: options.leaseTtlMs },
  );
  const offLoop = options.modelFile !== undefined && stores.kind !== 'memory';
  const hub = createLiveHub(stores.store, { pushed: offLoop });
  const outbox =
    options.nats === undefined
      ? undefined
      : natsOutbox(options.model, stores.store, stores.views, options.nats);
  const metrics = metricsServing.enabled ? createMetrics(options.model) : undefined;
  // The server's logger, once it exists: acts of the demo data before it are not logged.
  const logTo: { log?: FastifyBaseLogger } = {};
  const runners: RunnersThread | undefined =
    options.modelFile === undefined || !offLoop
      ? undefined
      : runnersThread({
          modelFile: options.modelFile,
          storeUrl: options.storeUrl,
          // One SQLite file has one writer at a time: the agent's acts join this thread's group
          // commits. PostgreSQL takes appends from both threads side by side.
          actsOnServer: stores.kind === 'sqlite',
          agents: options.rules !== false,
          ...(options.leaseTtlMs === undefined ? {} : { leaseTtlMs: options.leaseTtlMs }),
          hub,
          perform: (input) => factum.engine.perform(input),
          ...(metrics?.observer.ruleRan === undefined
            ? {}
            : { onRuleRun: metrics.observer.ruleRan.bind(metrics.observer) }),
          onError: (source, error) => logTo.log?.error({ err: error, source }, error.message),
        });
  const factum: Factum = createFactum({
    model: options.model,
    store: stores.store,
    views: stores.views,
    leases: stores.leases,
    agents: options.rules !== false,
    ...(outbox === undefined ? {} : { outbox: outbox.relay }),
    ...(runners === undefined
      ? { onViewsCommitted: (projection, events) => hub.viewsCommitted(projection, events) }
      : { runners }),
    observer: {
      ...metrics?.observer,
      appended(report) {
        metrics?.observer.appended?.(report);
        runners?.appended();
      },
      actPerformed(report) {
        metrics?.observer.actPerformed?.(report);
        const log = logTo.log;
        if (log === undefined) return;
        const { fields, message } = actLogLine(report);
        if (report.outcome === 'failed') log.warn(fields, message);
        else log.info(fields, message);
      },
    },
  });
  // The worker loads the model and opens its stores while this thread builds the server.
  runners?.start().catch(() => undefined);
  metrics?.watch({
    factum,
    liveClients: () => hub.size,
    ...(stores.pool === undefined ? {} : { pool: stores.pool }),
  });
  if (options.demoData && options.model.demoData !== undefined)
    await options.model.demoData(factum);
  const secret =
    options.tokenSecret ??
    (options.authMode === 'demo' && options.publicKey === undefined
      ? await loadOrCreateTokenSecret(options.dataDir)
      : undefined);
  const endpoint: MetricsEndpoint | undefined =
    metrics === undefined
      ? undefined
      : {
          path: metricsServing.path,
          render: () => metrics.render(),
          ...(metricsServing.token === undefined ? {} : { token: metricsServing.token }),
        };
  const app = await createServer({
    factum,
    hub,
    auth: {
      mode: options.authMode,
      ...(secret === undefined ? {} : { secret }),
      ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
    },
    logger: { level: options.logLevel },
    // A read as of a past moment rebuilds the views up to it in memory, whatever the store.
    scratchViews: memoryViewStore,
    ...(endpoint === undefined || metricsServing.port !== undefined ? {} : { metrics: endpoint }),
  });
  logTo.log = app.log;
  const metricsApp =
    endpoint === undefined || metricsServing.port === undefined
      ? undefined
      : Fastify({ logger: false });
  if (metricsApp !== undefined && endpoint !== undefined)
    registerMetricsRoute(metricsApp, endpoint);
  await factum.start();
  const inbox: NatsInbox | undefined =
    options.natsInbox === undefined || (options.model.inbound ?? []).length === 0
      ? undefined
      : startNatsInbox(factum.engine, stores.views, {
          ...options.natsInbox,
          onError: (error) =>
            app.log.warn({ err: error }, `NATS inbox: ${(error as Error).message}`),
          onReceived: (event, outcome) => {
            metrics?.inboundReceived(event?.type, outcome.outcome);
            if (outcome.outcome === 'refused' || outcome.outcome === 'parked')
              app.log.warn({ event: event?.id, outcome }, `inbound event parked`);
          },
        });
  await app.listen({ port: options.port, host: options.host });
  if (metricsApp !== undefined)
    await metricsApp.listen({ port: metricsServing.port ?? 0, host: options.host });
  const url = urlOf(app, options.host, options.port);
  const metricsUrl =
    endpoint === undefined
      ? undefined
      : `${metricsApp === undefined ? url : urlOf(metricsApp, options.host, metricsServing.port ?? 0)}${metricsServing.path}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    metricsUrl,
    factum,
    stores,
    close() {
      closing ??= (async () => {
        // Live clients are ended and acts in flight drained before the runners and stores stop.
        await inbox?.close();
        await app.close();
        await metricsApp?.close();
        await factum.stop();
        await outbox?.close();
        await stores.close();
      })();
      return closing;
    },
  };
}

/** The default data folder: `./data`, beside the default SQLite file. */
export const defaultDataDir = join('.', 'data');
