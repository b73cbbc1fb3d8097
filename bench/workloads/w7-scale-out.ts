/**
 * W7: scale-out — 1, 2 and 3 server processes on one PostgreSQL, each as `factum serve <file>`
 * runs it, the same 32 connections shared among them: W2's act round trip through the HTTP API
 * (the minimal model, request → promise → execute → declare → accept) and W4 (order requests to
 * the shop, rules on). Beside them, the machine's core count, and the memory one server holds per
 * 10,000 open transactions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { shopModel } from '../../examples/shop/model.ts';
import type { BenchContext } from '../lib/context.ts';
import { repoRoot, runChild } from '../lib/child.ts';
import { measureRow, measureRowSafely } from '../lib/measure.ts';
import { minimalModelPath } from '../lib/minimal-model.ts';
import { freshSchemaName } from '../lib/postgres.ts';
import type { RepOutcome } from '../lib/stats.ts';

const serverScript = fileURLToPath(new URL('./scale-out-server.ts', import.meta.url));
const cycleScript = fileURLToPath(new URL('./act-cycle-child.mjs', import.meta.url));
const cannonScript = fileURLToPath(new URL('./autocannon-child.mjs', import.meta.url));
const shopModelPath = fileURLToPath(new URL('../../examples/shop/model.ts', import.meta.url));
const tokenSecret = 'bench-scale-out-secret-of-at-least-32-bytes';
const connections = 32;

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resident memory after settling and a full collection, in bytes. */
  rss(): Promise<number>;
}

interface CannonResult {
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

/** Starts one server process and resolves once it serves (impure). */
function startServer(modelFile: string, storeUrl: string, dataDir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      serverScript,
      JSON.stringify({ modelFile, storeUrl, dataDir, tokenSecret }),
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const rssWaiters: ((bytes: number) => void)[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a server printed no URL in 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`a server exited with ${String(code)}`)));
    lines.on('line', (line) => {
      if (line.startsWith('rss ')) rssWaiters.shift()?.(Number(line.slice(4)));
      if (!line.startsWith('serving ')) return;
      clearTimeout(timer);
      resolve({
        url: line.slice('serving '.length),
        child,
        rss: () =>
          new Promise((done) => {
            rssWaiters.push(done);
            child.stdin?.write('rss\n');
          }),
      });
    });
  });
}

async function stopServers(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (server.child.exitCode !== null) {
            resolve();
            return;
          }
          server.child.once('exit', () => resolve());
          server.child.kill('SIGTERM');
          setTimeout(() => server.child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
}

/** n servers of a model on one fresh schema: the first migrates it alone, the others join (impure). */
async function startServers(
  context: BenchContext,
  pgUrl: string,
  modelFile: string,
  count: number,
): Promise<Server[]> {
  const url = new URL(pgUrl);
  url.searchParams.set('schema', freshSchemaName('w7'));
  const first = await startServer(modelFile, url.toString(), context.tmp);
  const others = await Promise.all(
    Array.from({ length: count - 1 }, () => startServer(modelFile, url.toString(), context.tmp)),
  );
  return [first, ...others];
}

async function tokenOf(server: Server, actor: string, role: string): Promise<string> {
  const answer = await fetch(`${server.url}/api/demo/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ actor, role }),
  });
  return ((await answer.json()) as { token: string }).token;
}

/** The 32 connections split among the servers, one load child per server, run together (impure). */
async function loadAll(
  context: BenchContext,
  servers: readonly Server[],
  child: (server: Server, connections: number) => [string, Record<string, unknown>],
): Promise<RepOutcome> {
  const results = await Promise.all(
    servers.map((server, index) => {
      const share =
        Math.floor(connections / servers.length) + (index < connections % servers.length ? 1 : 0);
      const [script, args] = child(server, share);
      return runChild(script, [JSON.stringify(args)], { tsx: false }).then(
        (line) => JSON.parse(line) as CannonResult,
      );
    }),
  );
  const bad = results.reduce((sum, result) => sum + result.non2xx + result.errors, 0);
  if (bad > 0) context.log(`W7: ${bad} non-2xx answers or errors`);
  const ok = results.reduce((sum, result) => sum + result.ok, 0);
  const seconds = Math.max(...results.map((result) => result.seconds));
  return {
    count: ok,
    ms: seconds * 1000,
    p50: Math.max(...results.map((result) => result.p50)),
    p99: Math.max(...results.map((result) => result.p99)),
  };
}

/** Runs W7 (impure). */
export async function runW7(context: BenchContext): Promise<void> {
  const workload = 'W7';
  const cores = availableParallelism();
  const pgUrl = context.pgUrl;
  const seconds = context.sizes.w4Seconds;
  for (const count of [1, 2, 3]) {
    const scenario = `PostgreSQL, ${count} process${count === 1 ? '' : 'es'}, ${cores} cores`;
    if (pgUrl === undefined) {
      await measureRow(
        context,
        { workload, scenario, subject: 'factum', what: 'acts through HTTP', unit: 'acts/s' },
        'no PostgreSQL',
      );
      continue;
    }
    let servers: Server[] = [];
    try {
      servers = await startServers(context, pgUrl, minimalModelPath, count);
      const first = servers[0];
      if (first === undefined) throw new Error('no server');
      const clientToken = await tokenOf(first, 'carol', 'CA01');
      const supplierToken = await tokenOf(first, 'sue', 'A01');
      const body = JSON.stringify({ kind: 'TK01', payload: { item: 'tea', quantity: 2 } });
      await measureRowSafely(
        context,
        {
          workload,
          scenario,
          subject: 'factum',
          what: `W2 through HTTP: minimal model, request→accepted, ${connections} connections shared, ${seconds} s`,
          unit: 'acts/s',
        },
        () =>
          loadAll(context, servers, (server, share) => [
            cycleScript,
            {
              url: server.url,
              clientToken,
              supplierToken,
              body,
              connections: share,
              duration: seconds,
            },
          ]),
      );
    } finally {
      await stopServers(servers);
    }
    try {
      servers = await startServers(context, pgUrl, shopModelPath, count);
      const first = servers[0];
      if (first === undefined) throw new Error('no server');
      const token = await tokenOf(first, 'alice', 'CA01');
      const body = JSON.stringify({
        kind: 'TK01',
        payload: shopModel.transactionKinds.TK01.example,
      });
      await measureRowSafely(
        context,
        {
          workload,
          scenario,
          subject: 'factum',
          what: `W4: POST /api/transactions to the shop (rules on), ${connections} connections shared, ${seconds} s`,
          unit: 'req/s',
        },
        () =>
          loadAll(context, servers, (server, share) => [
            cannonScript,
            {
              url: `${server.url}/api/transactions`,
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body,
              connections: share,
              duration: seconds,
            },
          ]),
      );
    } finally {
      await stopServers(servers);
    }
  }
  if (pgUrl !== undefined) await measureOpenTransactions(context, pgUrl);
  context.results.note(
    `W7: each server is a process of its own (views and agents on its worker thread, leases deciding which process runs each); the ${connections} connections are shared evenly among them, one autocannon child per server; p50/p99 are the worst server's. The machine has ${cores} cores for servers, load generators and PostgreSQL together.`,
  );
}

/** Memory one server holds per 10,000 open (requested, not completed) transactions (impure). */
async function measureOpenTransactions(context: BenchContext, pgUrl: string): Promise<void> {
  const open = context.quick ? 2000 : 10_000;
  await measureRowSafely(
    context,
    {
      workload: 'W7',
      scenario: `PostgreSQL, 1 process, ${open.toLocaleString('en-US')} open transactions`,
      subject: 'factum',
      what: 'requests only (minimal model), 32 at a time through HTTP; RSS after settling and a full GC, before and after',
      unit: 'req/s',
      extraLabel: 'MB RSS per 10,000 open',
    },
    async () => {
      const [server] = await startServers(context, pgUrl, minimalModelPath, 1);
      if (server === undefined) throw new Error('no server');
      try {
        const token = await tokenOf(server, 'carol', 'CA01');
        const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
        const body = JSON.stringify({ kind: 'TK01', payload: { item: 'tea', quantity: 2 } });
        const before = await server.rss();
        const started = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: 32 }, async () => {
            while (next < open) {
              next += 1;
              const answer = await fetch(`${server.url}/api/transactions`, {
                method: 'POST',
                headers,
                body,
              });
              await answer.arrayBuffer();
              if (answer.status !== 201) throw new Error(`request answered ${answer.status}`);
            }
          }),
        );
        const ms = performance.now() - started;
        const after = await server.rss();
        return { count: open, ms, extra: ((after - before) / 1e6) * (10_000 / open) };
      } finally {
        await stopServers([server]);
      }
    },
  );
}
