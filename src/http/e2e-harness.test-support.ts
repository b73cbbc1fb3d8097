/**
 * Test support for the HTTP end-to-end tests: the shop (or any model) over memory stores, stock
 * seeded, served on 127.0.0.1 at a free port, with helpers to get tokens and call the API.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, expect } from 'vitest';
import { SignJWT } from 'jose';
import { seedStock } from '../../examples/shop/seed.ts';
import { shopModel as shop } from '../../examples/shop/model.ts';
import { createFactum, type Factum } from '../engine/factum.ts';
import type { EventStore } from '../engine/ports/event-store.ts';
import type { Model } from '../model/model.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { memoryViewStore } from '../stores/memory/memory-view-store.ts';
import { createLiveHub, createServer, type ServerOptions } from './create-server.ts';

/** The HS256 secret the test servers sign and verify with. */
export const testSecret = 'test-secret-of-at-least-thirty-two-bytes!';

/** A running test server. */
export interface TestServer {
  readonly base: string;
  readonly app: FastifyInstance;
  readonly factum: Factum;
  readonly store: EventStore;
  /** A valid token for an actor and roles, signed with the test secret. */
  token(
    actor: string,
    roles: readonly string[],
    options?: { expiresIn?: number; secret?: string },
  ): Promise<string>;
  /** Tokens for several actors at once, by name: `tokens({ alice: ['CA01'], fran: ['A01'] })`. */
  tokens<Name extends string>(
    rolesByActor: Readonly<Record<Name, readonly string[]>>,
  ): Promise<Record<Name, string>>;
  /** Calls the API; `body` is sent as JSON unless it is a string or Buffer. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    headers: Headers;
    body: Record<string, unknown> & { items?: Record<string, unknown>[] };
  }>;
  /** The number of events in the log. */
  logSize(): Promise<number>;
  close(): Promise<void>;
}

/** What a test server runs: a model (the shop by default), server options, a store. */
export interface TestServerOptions {
  readonly model?: Model;
  readonly serverOptions?: Partial<ServerOptions>;
  readonly store?: EventStore;
}

/**
 * For a test file: a function that starts a test server, each closed after the test that started
 * it (call at the top level of the file).
 */
export function serverPerTest(): (options?: TestServerOptions) => Promise<TestServer> {
  const started: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startTestServer(options);
    started.push(server);
    return server;
  };
}

/** Starts a model's server over memory stores; the shop gets its stock. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const model = options.model ?? shop;
  const store = options.store ?? memoryEventStore();
  const hub = createLiveHub(store, options.serverOptions?.live ?? {});
  const factum = createFactum({
    model,
    store,
    views: memoryViewStore(),
    agentOptions: { timerIntervalMs: 60_000, backoffMs: 1 },
    onViewsCommitted: (projection, events) => hub.viewsCommitted(projection, events),
  });
  if (model === shop) await seedStock(factum);
  await factum.start();
  const app = await createServer({
    factum,
    hub,
    auth: { mode: 'demo', secret: testSecret },
    scratchViews: memoryViewStore,
    ...options.serverOptions,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  const server: TestServer = {
    base,
    app,
    factum,
    store,
    async token(actor, roles, tokenOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ roles: [...roles] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(actor)
        .setIssuedAt(now - 3600)
        .setExpirationTime(now + (tokenOptions.expiresIn ?? 600))
        .sign(new TextEncoder().encode(tokenOptions.secret ?? testSecret));
    },
    tokens: (rolesByActor) => signTokens(server, rolesByActor),
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      if (callOptions.token !== undefined) headers['authorization'] = `Bearer ${callOptions.token}`;
      let body: string | Buffer | undefined;
      if (callOptions.body !== undefined) {
        body =
          typeof callOptions.body === 'string' || Buffer.isBuffer(callOptions.body)
            ? callOptions.body
            : JSON.stringify(callOptions.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        parsed = { text };
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async logSize() {
      let count = 0;
      for await (const event of store.readAll()) count += event.id === '' ? 0 : 1;
      return count;
    },
    /** Closes the server once; a second call waits for the first. */
    close() {
      closing ??= app.close().then(() => factum.stop());
      return closing;
    },
  };
  return server;
}

/** Tokens for several actors, by name (`TestServer.tokens`). */
async function signTokens<Name extends string>(
  server: TestServer,
  rolesByActor: Readonly<Record<Name, readonly string[]>>,
): Promise<Record<Name, string>> {
  const actors = Object.keys(rolesByActor) as Name[];
  const signed = await Promise.all(actors.map((actor) => server.token(actor, rolesByActor[actor])));
  return Object.fromEntries(actors.map((actor, i) => [actor, signed[i]])) as Record<Name, string>;
}

/** The shop's example shipping address. */
export const address = {
  name: 'Alice Example',
  street: '1 Market Street',
  city: 'Utrecht',
  postcode: '3511 AA',
  country: 'NL',
};

/** An order's lines: what is ordered and how many. */
export type OrderLines = readonly { readonly sku: string; readonly qty: number }[];

/**
 * Requests a shop order (TK01) over the API as the token's actor, expects it created, lets the
 * engine settle (the agent's answers, the views) and answers the order's id.
 */
export async function placeOrder(
  s: TestServer,
  token: string,
  lines: OrderLines = [{ sku: 'MUG-001', qty: 1 }],
): Promise<string> {
  const response = await s.call('POST', '/api/transactions', {
    token,
    body: { kind: 'TK01', payload: { lines, shippingAddress: address } },
  });
  expect(response.status).toBe(201);
  await s.factum.settle();
  return response.body.transactionId as string;
}
