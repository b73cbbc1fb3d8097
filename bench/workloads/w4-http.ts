/**
 * W4: HTTP acts — autocannon, from a second process, posting order requests to the shop served by
 * `serve()` on SQLite at 32 connections (the shop's rules run too), beside a bare Fastify POST route
 * in the same run.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastify from 'fastify';
import { shopModel } from '../../examples/shop/model.ts';
import { serve } from '../../src/app/serve.ts';
import type { BenchContext } from '../lib/context.ts';
import { runChild } from '../lib/child.ts';
import { measureRow } from '../lib/measure.ts';
import { boundCheck, ratioCheck } from '../lib/results.ts';
import type { RepOutcome } from '../lib/stats.ts';

const cannon = fileURLToPath(new URL('./autocannon-child.mjs', import.meta.url));

interface CannonResult {
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

/** Runs autocannon in a child process; counts 2xx answers only (impure). */
async function load(
  context: BenchContext,
  url: string,
  headers: Record<string, string>,
  body: string,
  seconds: number,
): Promise<RepOutcome> {
  const line = await runChild(
    cannon,
    [JSON.stringify({ url, method: 'POST', headers, body, connections: 32, duration: seconds })],
    { tsx: false },
  );
  const result = JSON.parse(line) as CannonResult;
  if (result.non2xx + result.errors + result.timeouts > 0) {
    context.log(
      `W4 ${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return { count: result.ok, ms: result.seconds * 1000, p50: result.p50, p99: result.p99 };
}

/** Runs W4 and checks its targets (impure). */
export async function runW4(context: BenchContext): Promise<void> {
  const workload = 'W4';
  const seconds = context.sizes.w4Seconds;
  const body = JSON.stringify({ kind: 'TK01', payload: shopModel.transactionKinds.TK01.example });
  const server = await serve({
    model: shopModel,
    modelFile: fileURLToPath(new URL('../../examples/shop/model.ts', import.meta.url)),
    storeUrl: `sqlite:${join(context.tmp, 'w4.db')}`,
    port: 0,
    host: '127.0.0.1',
    dataDir: context.tmp,
    authMode: 'demo',
    logLevel: 'silent',
    demoData: true,
  });
  let factum;
  let token = '';
  try {
    const session = await fetch(`${server.url}/api/demo/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ actor: 'alice', role: 'CA01' }),
    });
    token = ((await session.json()) as { token: string }).token;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const target = `${server.url}/api/transactions`;
    factum = await measureRow(
      context,
      {
        workload,
        scenario: 'shop on SQLite, 32 connections',
        subject: 'factum',
        what: `POST /api/transactions (order request; shop rules on), ${seconds} s`,
        unit: 'req/s',
      },
      async (r) => {
        const outcome = await load(context, target, headers, body, r < 0 ? 1 : seconds);
        // The agents' backlog from this run must not slow the next one.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          server.factum.settle(),
          new Promise((resolve) => (timer = setTimeout(resolve, seconds * 1000))),
        ]);
        clearTimeout(timer);
        return outcome;
      },
      1,
    );
  } finally {
    await server.close();
  }
  const app = fastify();
  app.post('/bare', (request) => ({ ok: true, got: typeof request.body }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let bare;
  try {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    bare = await measureRow(
      context,
      {
        workload,
        scenario: 'bare Fastify route, 32 connections',
        subject: 'bare',
        what: `POST /bare returning JSON, same body, ${seconds} s`,
        unit: 'req/s',
      },
      (r) => load(context, `http://127.0.0.1:${port}/bare`, headers, body, r < 0 ? 1 : seconds),
      1,
    );
  } finally {
    await app.close();
  }
  context.results.note(
    'W4: served as `factum serve <file>` runs (views, agents and live framing on their worker thread); autocannon runs in a child process; each Factum repetition is followed by up to its duration of waiting for the shop agents to settle. Only 2xx answers are counted.',
  );
  context.results.check(ratioCheck(workload, 'Factum ≥ 40% of a bare route', factum, bare, 0.4));
  context.results.check(
    boundCheck(workload, 'Factum p99 ≤ 25 ms', factum.summary?.p99, { max: 25 }, 'ms'),
  );
}
