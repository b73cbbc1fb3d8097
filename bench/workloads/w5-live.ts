/**
 * W5: live latency on SQLite — the time from an act's acknowledgement (the HTTP answer) to its fact
 * arriving on an SSE client, and to the built-in views having committed it (the `views` frame).
 * Acts are sent one at a time so latency, not throughput, is measured.
 */
import { join } from 'node:path';
import { serve } from '../../src/app/serve.ts';
import type { BenchContext } from '../lib/context.ts';
import { measureRow } from '../lib/measure.ts';
import { loadMinimalModel, minimalModelPath } from '../lib/minimal-model.ts';
import { boundCheck } from '../lib/results.ts';
import { connectSse, type SseFrame } from '../lib/sse-client.ts';
import { now, type RepOutcome } from '../lib/stats.ts';

interface Arrival {
  fact?: { at: number; position: bigint };
}

/** Runs W5 and checks its targets (impure). */
export async function runW5(context: BenchContext): Promise<void> {
  const workload = 'W5';
  const model = await loadMinimalModel();
  const server = await serve({
    model,
    // As `factum serve <file>` runs: views and live framing on their own thread.
    modelFile: minimalModelPath,
    storeUrl: `sqlite:${join(context.tmp, 'w5.db')}`,
    port: 0,
    host: '127.0.0.1',
    dataDir: context.tmp,
    authMode: 'demo',
    logLevel: 'silent',
    demoData: false,
  });
  const arrivals = new Map<string, Arrival>();
  const viewWaiters: { position: bigint; resolve: (at: number) => void }[] = [];
  // Views frames seen, in order: one may arrive before its act's waiter is registered.
  const viewFrames: { position: bigint; at: number }[] = [];
  const factWaiters = new Map<string, () => void>();
  let client;
  try {
    const session = await fetch(`${server.url}/api/demo/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ actor: 'carol', role: 'CA01' }),
    });
    const { token } = (await session.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    client = await connectSse(`${server.url}/api/events`, auth, (frame: SseFrame) => {
      const data = JSON.parse(frame.data) as Record<string, unknown>;
      if (frame.event === 'fact' && typeof data['transactionId'] === 'string') {
        const id = data['transactionId'];
        const entry = arrivals.get(id) ?? {};
        entry.fact ??= { at: frame.at, position: BigInt(String(data['position'])) };
        arrivals.set(id, entry);
        factWaiters.get(id)?.();
      } else if (
        frame.event === 'views' &&
        String(data['projection']).startsWith('builtin') &&
        typeof data['position'] === 'string'
      ) {
        const position = BigInt(data['position']);
        viewFrames.push({ position, at: frame.at });
        if (viewFrames.length > 1000) viewFrames.splice(0, 500);
        for (let i = viewWaiters.length - 1; i >= 0; i -= 1) {
          const waiter = viewWaiters[i];
          if (waiter !== undefined && waiter.position <= position) {
            viewWaiters.splice(i, 1);
            waiter.resolve(frame.at);
          }
        }
      }
    });
    const timeout = async <T>(promise: Promise<T>, what: string): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          promise,
          new Promise<T>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`W5: no ${what} within 5 s`)), 5000);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    };
    // One act: request, acknowledgement, then the fact on SSE and the views' commit.
    const oneAct = async (): Promise<{ sse: number; view: number }> => {
      const response = await fetch(`${server.url}/api/transactions`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'TK01', payload: { item: 'tea', quantity: 1 } }),
      });
      const answer = (await response.json()) as { transactionId: string };
      const ack = now();
      if (response.status !== 201) throw new Error(`W5: HTTP ${response.status}`);
      const id = answer.transactionId;
      if (arrivals.get(id)?.fact === undefined) {
        await timeout(new Promise<void>((resolve) => factWaiters.set(id, resolve)), 'fact');
        factWaiters.delete(id);
      }
      const fact = arrivals.get(id)?.fact;
      if (fact === undefined) throw new Error('W5: fact lost');
      arrivals.delete(id);
      const seen = viewFrames.find((v) => v.position >= fact.position);
      const viewAt =
        seen?.at ??
        (await timeout(
          new Promise<number>((resolve) => viewWaiters.push({ position: fact.position, resolve })),
          'views frame',
        ));
      // A frame that beat the acknowledgement counts as 0 ms.
      return { sse: Math.max(0, fact.at - ack), view: Math.max(0, viewAt - ack) };
    };
    const acts = context.sizes.w5Acts;
    const samples = { sse: [] as number[][], view: [] as number[][] };
    const runRep = async (r: number): Promise<void> => {
      const sse: number[] = [];
      const view: number[] = [];
      for (let i = 0; i < (r < 0 ? 20 : acts); i += 1) {
        const sample = await oneAct();
        sse.push(sample.sse);
        view.push(sample.view);
      }
      if (r >= 0) {
        samples.sse.push(sse);
        samples.view.push(view);
      }
    };
    await runRep(-1);
    for (let r = 0; r < context.reps; r += 1) await runRep(r);
    const replay =
      (which: 'sse' | 'view') =>
      (r: number): RepOutcome => ({
        count: samples[which][r]?.length ?? 0,
        ms: 1,
        latencies: samples[which][r] ?? [],
      });
    const sse = await measureRow(
      context,
      {
        workload,
        scenario: 'SQLite, one act at a time',
        subject: 'factum',
        what: `ack → fact on SSE client (GET /api/events), ${acts} acts`,
        unit: 'ms',
      },
      replay('sse'),
    );
    const view = await measureRow(
      context,
      {
        workload,
        scenario: 'SQLite, one act at a time',
        subject: 'factum',
        what: `ack → builtin views committed (SSE views frame), ${acts} acts`,
        unit: 'ms',
      },
      replay('view'),
    );
    context.results.note(
      'W5: latency from the HTTP answer of a request (one at a time, the minimal model, served as `factum serve <file>` runs: views and live framing on their worker thread) to the frame on an in-process SSE client; a frame that arrived before the answer counts as 0 ms. The `views` frame of the builtin projection marks the view commit.',
    );
    context.results.check(
      boundCheck(workload, 'SSE p99 ≤ 20 ms on SQLite', sse.summary?.p99, { max: 20 }, 'ms'),
    );
    context.results.check(
      boundCheck(workload, 'view p99 ≤ 20 ms on SQLite', view.summary?.p99, { max: 20 }, 'ms'),
    );
  } finally {
    client?.close();
    await server.close();
  }
}
