import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTestSchema } from '../../../test/postgres.ts';
import { mugOrder, root } from '../cli-harness.test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'factum-serve-'));
const schemas: (() => Promise<void>)[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const cleanup of schemas) await cleanup();
});

function postgresUrl(): string {
  const { url, schema, cleanup } = createTestSchema('serve');
  schemas.push(cleanup);
  const target = new URL(url);
  target.searchParams.set('schema', schema);
  return target.toString();
}

/** Starts `factum serve` on port 0 and resolves with its URL, read from the line it prints. */
function startServe(
  env: Record<string, string>,
  args: readonly string[] = ['--model', 'examples/shop/model.ts'],
): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin/factum.mjs'), 'serve', '--port', '0', '--log-level', 'warn', ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('factum serve printed no URL')), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /serving 'shop' at (http:\/\/\S+)/.exec(line);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

describe.each([
  [
    'SQLite (the default)',
    () => ({ FACTUM_DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'factum.db')}` }),
  ],
  ['PostgreSQL (DATABASE_URL)', () => ({ FACTUM_DATA_DIR: dir, DATABASE_URL: postgresUrl() })],
])('factum serve on %s', (_name, env) => {
  it('serves the shop with its demo stock, takes an order, and shuts down cleanly', async () => {
    const server = await startServe(env());
    try {
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
      const session = await fetch(`${server.url}/api/demo/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ actor: 'alice', role: 'CA01' }),
      });
      const { token } = (await session.json()) as { token: string };
      const ordered = await fetch(`${server.url}/api/transactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ kind: 'TK01', payload: mugOrder(1) }),
      });
      expect(ordered.status).toBe(201);
      const { transactionId } = (await ordered.json()) as { transactionId: string };
      // The metrics count the act, its append and its group commit.
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^factum_acts_performed_total\{kind="TK01",act="request"\} 1$/m);
      expect(metrics).toMatch(/^factum_append_batch_size_count [1-9]/m);
      expect(metrics).toMatch(/^factum_projection_lag_events\{runner="[^"]+"\} \d+$/m);
      // The demo stock lets the order completer's rule promise the order.
      const statusNow = async (): Promise<string | undefined> => {
        const read = await fetch(`${server.url}/api/transactions/${transactionId}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await read.json()) as { transaction?: { status: string } }).transaction?.status;
      };
      await vi.waitUntil(async () => (await statusNow()) === 'promised', {
        timeout: 10_000,
        interval: 100,
      });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});

/** Runs `factum serve` expecting it to refuse to start; resolves with its exit code and stderr. */
async function refusedServe(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/factum.mjs'), 'serve', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}

describe('factum serve settings', () => {
  it('refuses demo sign-in on a non-loopback address unless allowed, saying why', async () => {
    const refused = await refusedServe(
      ['--model', 'examples/minimal/model.yaml', '--store', 'memory:', '--host', '0.0.0.0'],
      { FACTUM_DATA_DIR: dir },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'Demo sign-in lets anyone who reaches the server act as any actor',
    );
    expect(refused.stderr).toContain('--allow-demo-on-network');
    const allowed = await startServe(
      { FACTUM_DATA_DIR: dir, FACTUM_ALLOW_DEMO_ON_NETWORK: 'true', FACTUM_STORE: 'memory:' },
      ['--model', 'examples/shop/model.ts', '--host', '0.0.0.0'],
    );
    expect(await allowed.stop()).toBe(0);
  }, 60_000);

  it('reads the configuration file; the environment wins over it, a flag over both', async () => {
    const file = join(dir, 'factum.config.yaml');
    await writeFile(
      file,
      [
        `model: ${join(root, 'examples/shop/model.ts')}`,
        'store: "memory:"',
        `dataDir: ${dir}`,
        'metrics: { path: /from-file }',
      ].join('\n'),
    );
    const fromFile = await startServe({ FACTUM_CONFIG: file, DATABASE_URL: '' }, []);
    const fromEnv = await startServe(
      { FACTUM_CONFIG: file, DATABASE_URL: '', FACTUM_METRICS_PATH: '/from-env' },
      [],
    );
    const fromFlag = await startServe(
      { FACTUM_CONFIG: file, DATABASE_URL: '', FACTUM_METRICS_PATH: '/from-env' },
      ['--metrics-path', '/from-flag'],
    );
    try {
      expect((await fetch(`${fromFile.url}/from-file`)).status).toBe(200);
      expect((await fetch(`${fromEnv.url}/from-env`)).status).toBe(200);
      expect((await fetch(`${fromEnv.url}/from-file`)).status).toBe(404);
      expect((await fetch(`${fromFlag.url}/from-flag`)).status).toBe(200);
    } finally {
      await Promise.all([fromFile.stop(), fromEnv.stop(), fromFlag.stop()]);
    }
    await writeFile(file, 'model: x.ts\nport: "eighty"\nfrobnicate: 1\n');
    const malformed = await refusedServe([], { FACTUM_CONFIG: file });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('port:');
    expect(malformed.stderr).toContain('frobnicate');
  }, 90_000);
});
