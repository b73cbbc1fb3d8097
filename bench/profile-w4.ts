/**
 * `npx tsx bench/profile-w4.ts [thread|loop] [seconds] [sqlite|postgres]`: W4's load (order requests
 * to the shop, rules on, 32 connections from an autocannon child) against `serve()`, with a CPU
 * profile of the server's event loop taken during the load only. Prints req/s, the event loop's
 * CPU time per request (from /proc, so other threads are not counted) and where the profiled
 * milliseconds went, grouped by what the code does. `thread` serves as `factum serve <file>` does
 * (views and agents on their worker thread), `loop` runs them on the event loop as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shopModel } from '../examples/shop/model.ts';
import { serve } from '../src/app/serve.ts';
import { runChild } from './lib/child.ts';
import { freshSchemaName } from './lib/postgres.ts';
import { mainThreadCpuMs, startCpuProfile } from './lib/cpu-profile.ts';
import { summariseProfile } from './lib/profile-summary.ts';

const [mode = 'thread', secondsArg = '5', store = 'sqlite'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const tmp = mkdtempSync(join(tmpdir(), 'factum-profile-'));
const pg = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const storeUrl =
  store === 'postgres'
    ? `${pg}${pg.includes('?') ? '&' : '?'}schema=${freshSchemaName('profile')}`
    : `sqlite:${join(tmp, 'w4.db')}`;
const server = await serve({
  model: shopModel,
  ...(mode === 'thread'
    ? { modelFile: fileURLToPath(new URL('../examples/shop/model.ts', import.meta.url)) }
    : {}),
  storeUrl,
  port: 0,
  host: '127.0.0.1',
  dataDir: tmp,
  authMode: 'demo',
  logLevel: 'silent',
  demoData: true,
});
try {
  const session = await fetch(`${server.url}/api/demo/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ actor: 'alice', role: 'CA01' }),
  });
  const { token } = (await session.json()) as { token: string };
  const body = JSON.stringify({ kind: 'TK01', payload: shopModel.transactionKinds.TK01.example });
  const profiling = await startCpuProfile(500);
  const cpuBefore = mainThreadCpuMs();
  const line = await runChild(
    fileURLToPath(new URL('./workloads/autocannon-child.mjs', import.meta.url)),
    [
      JSON.stringify({
        url: `${server.url}/api/transactions`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        connections: 32,
        duration: seconds,
      }),
    ],
    { tsx: false },
  );
  const cpuMs = mainThreadCpuMs() - cpuBefore;
  const profile = await profiling.stop();
  const result = JSON.parse(line) as { ok: number; seconds: number; p50: number; p99: number };
  const file = join(tmpdir(), `factum-w4-${mode}-${store}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(
    `W4 ${mode} ${store}: ${Math.round(result.ok / result.seconds)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms; ` +
      `event loop CPU ${(cpuMs / result.ok).toFixed(2)} ms per request; profile ${file}\n\n`,
  );
  process.stdout.write(summariseProfile(profile, result.ok));
} finally {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
}
setTimeout(() => process.exit(), 1000).unref();
