/**
 * The outbox relay's process killed with SIGKILL mid-load: `factum serve --nats` on a SQLite file
 * takes orders (its agents answering them) while it is killed, then starts again on the same file.
 * Every fact in the log reaches the stream exactly once: nothing appended is lost (the log is the
 * outbox), and what the killed process had published past its checkpoint is sent again and dropped
 * by JetStream as a repeat of its message id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isFactEvent, toFact } from '../../engine/fact-events.ts';
import { sqliteEventStore } from '../../stores/sqlite/index.ts';
import {
  runNatsTests,
  startNatsServer,
  streamMessageIds,
  type TestNatsServer,
} from './nats-server.test-support.ts';

const root = join(import.meta.dirname, '../../..');
const stream = 'KILLED';
let nats: TestNatsServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'factum-kill-'));
  if (runNatsTests) nats = await startNatsServer();
});

afterAll(async () => {
  await nats?.dispose();
  await rm(dir, { recursive: true, force: true });
});

interface Served {
  readonly url: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

/**
 * Starts `factum serve` on the test's SQLite file, publishing to NATS as the flags or the
 * configuration file say, and resolves with its URL.
 */
function startServe(nats: readonly string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin/factum.mjs'),
      'serve',
      '--model',
      'examples/shop/model.ts',
      '--port',
      '0',
      '--log-level',
      'warn',
      ...nats,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        FACTUM_DATA_DIR: dir,
        DATABASE_URL: `sqlite:${join(dir, 'shop.db')}`,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('factum serve printed no URL')), 30_000);
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      const match = /serving 'shop' at (http:\/\/\S+)/.exec(line);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({ url: match[1], child, exited });
    });
  });
}

async function customerToken(url: string): Promise<string> {
  const session = await fetch(`${url}/api/demo/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ actor: 'alice', role: 'CA01' }),
  });
  return ((await session.json()) as { token: string }).token;
}

/** Places one order; resolves true when the server took it. */
async function order(url: string, token: string): Promise<boolean> {
  const response = await fetch(`${url}/api/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      kind: 'TK01',
      payload: {
        lines: [{ sku: 'MUG-001', qty: 1 }],
        shippingAddress: { name: 'A', street: 'S', city: 'C', postcode: 'P', country: 'NL' },
      },
    }),
  }).catch(() => undefined);
  return response?.status === 201;
}

interface Health {
  readonly head: string | null;
  readonly agents: readonly { readonly lag: string }[];
  readonly outbox?: { readonly lag: string; readonly published: number };
}

/** Waits until the agents have answered everything and the relay has published it, twice in a row. */
async function quiet(url: string): Promise<Health> {
  let previous: string | undefined;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as Health;
    const settled = health.outbox?.lag === '0' && health.agents.every((agent) => agent.lag === '0');
    if (settled && previous === health.head) return health;
    previous = settled ? (health.head ?? '') : undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not settle');
}

describe.runIf(runNatsTests)('outbox relay killed with SIGKILL mid-load', () => {
  it('loses nothing and stores nothing twice after a restart', async () => {
    const first = await startServe(['--nats', nats.url, '--nats-stream', stream]);
    const token = await customerToken(first.url);
    let taken = 0;
    let killed = false;
    const load = (async () => {
      // Four customers order side by side until the process dies under them.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (!killed) if (await order(first.url, token)) taken += 1;
        }),
      );
    })();
    await vi.waitUntil(() => taken >= 40, { timeout: 30_000, interval: 20 });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    killed = true;
    await load;

    // The second start reads its NATS settings from the configuration file.
    const config = join(dir, 'factum.config.yaml');
    await writeFile(config, `nats:\n  url: ${nats.url}\n  stream: ${stream}\n`);
    const second = await startServe([], { FACTUM_CONFIG: config });
    try {
      const again = await customerToken(second.url);
      for (let n = 0; n < 10; n += 1) expect(await order(second.url, again)).toBe(true);
      const settled = await quiet(second.url);
      expect(settled.outbox?.published).toBeGreaterThan(0);
      // The relay's lag and publishes show in the metrics.
      const metrics = await (await fetch(`${second.url}/metrics`)).text();
      expect(metrics).toMatch(/^factum_outbox_lag_events\{runner="outbox:nats"\} 0$/m);
      expect(metrics).toMatch(/^factum_outbox_published_total\{runner="outbox:nats"\} [1-9]/m);
      expect(metrics).toMatch(/^factum_outbox_failing\{runner="outbox:nats"\} 0$/m);
      expect(metrics).toMatch(/^factum_runner_running\{runner="outbox:nats"\} 1$/m);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }

    const store = sqliteEventStore({ path: join(dir, 'shop.db') });
    const facts: string[] = [];
    try {
      for await (const event of store.readAll())
        if (isFactEvent(event)) facts.push(toFact(event).actId);
    } finally {
      await store.close();
    }
    const published = await streamMessageIds(nats.url, stream);
    expect(facts.length).toBeGreaterThanOrEqual(taken + 10);
    expect(new Set(published).size).toBe(published.length);
    expect([...published].sort()).toEqual([...facts].sort());
  }, 120_000);
});
