/**
 * Test support for the reliability tests: `factum serve` as a subprocess that can be killed, the
 * in-process server over a real store, tokens, store URLs of one's own, and readers of the log and
 * the views for the invariants the tests check afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import type { OpenStores } from '../../src/app/open-stores.ts';
import { serve, type RunningServer } from '../../src/app/serve.ts';
import type { RecordedEvent } from '../../src/engine/ports/event-store.ts';
import { shopModel } from '../../examples/shop/model.ts';
import { createTestSchema } from '../postgres.ts';
export { waitFor } from '../fixtures/wait-for.ts';

/** The repository root. */
export const root = join(import.meta.dirname, '../..');

/** The HS256 secret every reliability server verifies tokens with. */
export const secret = 'reliability-secret-of-at-least-32-bytes!';

/** The shop's example shipping address. */
export const address = { name: 'C', street: 'S 1', city: 'X', postcode: '1', country: 'NL' };

/** The media type of every error answer. */
export const problemType = 'application/problem+json; charset=utf-8';

/** Signs a token for an actor and roles with `secret` (or another key), valid for `expiresIn` s. */
export async function signToken(
  actor: string,
  roles: readonly string[],
  options: { expiresIn?: number; key?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (options.expiresIn ?? 600))
    .sign(new TextEncoder().encode(options.key ?? secret));
}

/** Temporary folders and PostgreSQL schemas made by a test file, removed by `dispose`. */
export class Scratch {
  readonly #dirs: string[] = [];
  readonly #schemas: (() => Promise<void>)[] = [];

  /** A new temporary folder. */
  dir(prefix = 'factum-reliability-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.#dirs.push(dir);
    return dir;
  }

  /** A store URL of one's own: a fresh SQLite file or a fresh PostgreSQL schema. */
  storeUrl(store: 'sqlite' | 'postgres', prefix = 'rel'): string {
    if (store === 'sqlite') return `sqlite:${join(this.dir(), 'factum.db')}`;
    const { url, schema, cleanup } = createTestSchema(prefix);
    this.#schemas.push(cleanup);
    const target = new URL(url);
    target.searchParams.set('schema', schema);
    return target.toString();
  }

  async dispose(): Promise<void> {
    for (const dir of this.#dirs) rmSync(dir, { recursive: true, force: true });
    for (const cleanup of this.#schemas) await cleanup().catch(() => undefined);
  }
}

/** Starts the shop in this process over a store URL, on a free loopback port. */
export function serveShop(storeUrl: string, dataDir: string): Promise<RunningServer> {
  return serve({
    model: shopModel,
    // As `factum serve <file>` runs it: the views and agents on their own thread.
    modelFile: join(root, 'examples/shop/model.ts'),
    storeUrl,
    port: 0,
    host: '127.0.0.1',
    dataDir,
    authMode: 'demo',
    tokenSecret: secret,
    logLevel: 'silent',
    demoData: true,
  });
}

/** A server subprocess. */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/**
 * Starts the shop's server (the composition root `factum serve` runs) in a subprocess on port 0,
 * with `env` added to its environment, and resolves once it prints its URL.
 */
export function startServeProcess(
  storeUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/fixtures/serve-shop-process.ts'), storeUrl, dataDir],
    {
      cwd: root,
      env: { ...process.env, ...env, FACTUM_TOKEN_SECRET: secret },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('factum serve printed no URL within 30 s'));
    }, 30_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`factum serve exited with ${String(code)} before it served`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /serving 'shop' at (http:\/\/\S+)/.exec(line);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({ url: match[1], child, exited });
    });
  });
}

/** A JSON answer of the API. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

/** Calls the API; a body that is not a string or bytes is sent as JSON. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined;
  if (options.body !== undefined) {
    body =
      typeof options.body === 'string' || options.body instanceof Uint8Array
        ? options.body
        : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    parsed = { text };
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Expects a 4xx problem+json answer with nothing internal in it. */
export function expectProblem(answer: Answer, what: string): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.text}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what} → ${answer.text}`).toBeLessThan(500);
  expect(answer.headers.get('content-type'), what).toBe(problemType);
  expect(answer.body['status'], what).toBe(answer.status);
  expect(typeof answer.body['code'], what).toBe('string');
  expect(answer.text, what).not.toMatch(/\bat .*\.(ts|js|mjs):\d+|node_modules|SQLITE_|postgres/i);
}

/** Every event of the log, in order. */
export async function readLog(stores: Pick<OpenStores, 'store'>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of stores.store.readAll()) events.push(event);
  return events;
}

/** Every row of every view the shop keeps, as one comparable string. */
export async function snapshotViews(
  stores: Pick<OpenStores, 'views'>,
  names: readonly string[],
): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const name of names) {
    snapshot[name] = JSON.stringify((await stores.views.query(name, { limit: 100_000 })).rows);
  }
  return snapshot;
}

/** The views of the shop: the built-in ones and the model's own. */
export const shopViewNames = [
  'transactions',
  'agenda',
  'audit',
  'facts-in-force',
  'ledgers',
  'customer-orders',
  'pending-orders',
];

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
