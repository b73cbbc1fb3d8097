/**
 * The composition root of the server: load the model, open the stores the URL names, start the
 * views and agents, serve the HTTP API, and shut down gracefully (drain in-flight acts, stop the
 * runners, close the stores).
 */
import { join } from 'node:path';
import { createFactum, type Factum } from '../engine/factum.ts';
import { createLiveHub, createServer, loadOrCreateTokenSecret } from '../http/index.ts';
import type { Model } from '../model/model.ts';
import { openStores, type OpenStores } from './open-stores.ts';

export interface ServeOptions {
  readonly model: Model;
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
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly factum: Factum;
  readonly stores: OpenStores;
  close(): Promise<void>;
}

/** Starts the whole server; resolves once it listens. */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const stores = await openStores(options.storeUrl);
  const hub = createLiveHub(stores.store);
  const factum = createFactum({
    model: options.model,
    store: stores.store,
    views: stores.views,
    leases: stores.leases,
    onViewsCommitted: (projection, events) => hub.viewsCommitted(projection, events),
  });
  if (options.demoData && options.model.demoData !== undefined)
    await options.model.demoData(factum);
  const secret =
    options.tokenSecret ??
    (options.authMode === 'demo' && options.publicKey === undefined
      ? await loadOrCreateTokenSecret(options.dataDir)
      : undefined);
  const app = await createServer({
    factum,
    hub,
    auth: {
      mode: options.authMode,
      ...(secret === undefined ? {} : { secret }),
      ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
    },
    logger: { level: options.logLevel },
  });
  await factum.start();
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost =
    options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    factum,
    stores,
    close() {
      closing ??= (async () => {
        await app.close();
        await factum.stop();
        await stores.close();
      })();
      return closing;
    },
  };
}

/** The default data folder: `./data`, beside the default SQLite file. */
export const defaultDataDir = join('.', 'data');
