import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import {
  call,
  Scratch,
  secret,
  signToken,
  waitFor,
} from '../../test/reliability/reliability.test-support.ts';
import { serve } from './serve.ts';

const modelFile = join(import.meta.dirname, '../../examples/shop/model.ts');
const scratch = new Scratch();
afterAll(() => scratch.dispose());

/** Reads an SSE response into frames as they arrive (event and data lines only). */
function readFrames(body: ReadableStream<Uint8Array>): { event: string; data: string }[] {
  const frames: { event: string; data: string }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string): string =>
          block
            .split('\n')
            .filter((line) => line.startsWith(`${name}: `))
            .map((line) => line.slice(name.length + 2))
            .join('\n');
        if (field('event') !== '') frames.push({ event: field('event'), data: field('data') });
      }
    }
  })().catch(() => undefined);
  return frames;
}

describe.each(['sqlite', 'postgres'] as const)(
  'views, agents and live framing on their own thread, over %s',
  (store) => {
    it('answers the act, and the worker commits the views, runs the rules and feeds the live stream', async () => {
      const dir = scratch.dir();
      const server = await serve({
        model: shopModel,
        modelFile,
        storeUrl: scratch.storeUrl(store, 'runners'),
        port: 0,
        host: '127.0.0.1',
        dataDir: dir,
        authMode: 'demo',
        tokenSecret: secret,
        logLevel: 'silent',
        demoData: true,
      });
      const abort = new AbortController();
      try {
        const carol = await signToken('carol', ['CA01']);
        const events = await fetch(`${server.url}/api/events`, {
          headers: { authorization: `Bearer ${carol}` },
          signal: abort.signal,
        });
        expect(events.status).toBe(200);
        const frames = readFrames(events.body ?? new ReadableStream());

        const created = await call(server.url, 'POST', '/api/transactions', {
          token: carol,
          body: { kind: 'TK01', payload: shopModel.transactionKinds.TK01.example },
        });
        expect(created.status, created.text).toBe(201);
        const id = String(created.body['transactionId']);

        // Read-your-writes across the thread boundary: settle waits for the worker's runners.
        await server.factum.settle();
        const order = await call(server.url, 'GET', `/api/transactions?limit=50`, {
          token: carol,
        });
        const items = order.body['items'] as Record<string, unknown>[];
        const row = items.find((item) => item['id'] === id);
        expect(row?.['status'], order.text).toBe('promised');

        // The agent's promise was performed by the server's thread; the stream carries both facts.
        await waitFor('the promise on the live stream', () =>
          frames.some((frame) => frame.event === 'fact' && frame.data.includes('"promised"')),
        );
        const facts = frames
          .filter((frame) => frame.event === 'fact')
          .map((frame) => JSON.parse(frame.data) as { transactionId: string; fact: string });
        expect(facts.filter((fact) => fact.transactionId === id).map((fact) => fact.fact)).toEqual(
          expect.arrayContaining(['requested', 'promised']),
        );
        await waitFor('a views frame', () => frames.some((frame) => frame.event === 'views'));

        // The worker took every runner's lease; health reports them running in this process.
        expect([...server.factum.running()].sort()).toEqual([
          'agent:rules',
          'builtin@1',
          'view:customer-orders@1',
          'view:pending-orders@1',
        ]);
        const health = await call(server.url, 'GET', '/api/health');
        expect(health.body['status'], health.text).toBe('ok');
        const projections = health.body['projections'] as { running: boolean }[];
        const agents = health.body['agents'] as { running: boolean }[];
        expect(projections.length).toBe(3);
        expect([...projections, ...agents].every((runner) => runner.running)).toBe(true);
      } finally {
        abort.abort();
        await server.close();
      }
    });
  },
);
