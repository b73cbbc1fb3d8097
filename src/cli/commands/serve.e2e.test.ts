import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../../test/postgres.ts';

const root = join(import.meta.dirname, '../../..');
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
): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin/factum.mjs'), 'serve', '--port', '0', '--log-level', 'warn'],
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
        body: JSON.stringify({
          kind: 'TK01',
          payload: {
            lines: [{ sku: 'MUG-001', qty: 1 }],
            shippingAddress: { name: 'A', street: 'S', city: 'C', postcode: 'P', country: 'NL' },
          },
        }),
      });
      expect(ordered.status).toBe(201);
      const { transactionId } = (await ordered.json()) as { transactionId: string };
      // The demo stock lets the order completer's rule promise the order.
      let status = '';
      for (let attempt = 0; attempt < 100 && status !== 'promised'; attempt += 1) {
        const read = await fetch(`${server.url}/api/transactions/${transactionId}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        status =
          ((await read.json()) as { transaction?: { status: string } }).transaction?.status ?? '';
        if (status !== 'promised') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe('promised');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});
