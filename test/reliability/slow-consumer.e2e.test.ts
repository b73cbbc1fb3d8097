import { connect } from 'node:net';
import { once } from 'node:events';
import { afterAll, expect, it } from 'vitest';
import {
  address,
  call,
  Scratch,
  serveShop,
  signToken,
  waitFor,
} from './reliability.test-support.ts';

const scratch = new Scratch();
afterAll(() => scratch.dispose());

it('drops an SSE client that stops reading, so the server does not buffer for it without bound', async () => {
  const server = await serveShop('memory:', scratch.dir());
  const sockets: ReturnType<typeof connect>[] = [];
  const abort = new AbortController();
  try {
    const fran = await signToken('fran', ['A01']);
    const { port } = new URL(server.url);
    const liveClients = async (): Promise<number> =>
      (await call(server.url, 'GET', '/api/health')).body['liveClients'] as number;

    // The stalled client: reads the response head, then never reads again.
    const stalled = connect(Number(port), '127.0.0.1');
    sockets.push(stalled);
    stalled.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${fran}\r\n\r\n`,
    );
    const [head] = (await once(stalled, 'data')) as [Buffer];
    expect(head.toString()).toMatch(/^HTTP\/1\.1 200/);
    stalled.pause();

    // A client that keeps up, to show the others are not held up.
    const healthy = await fetch(`${server.url}/api/events`, {
      headers: { authorization: `Bearer ${fran}` },
      signal: abort.signal,
    });
    let received = '';
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of healthy.body!) received += decoder.decode(chunk as Uint8Array);
      } catch {
        // aborted
      }
    })();
    expect(await liveClients()).toBe(2);

    // Facts stream in, each frame about 16 KB, until the stalled client is dropped.
    const justification = 'x'.repeat(16_000);
    const baseline = process.memoryUsage().heapUsed;
    let facts = 0;
    let peak = baseline;
    while ((await liveClients()) === 2 && facts < 12_000) {
      for (let i = 0; i < 200; i += 1, facts += 1) {
        const result = await server.factum.perform({
          kind: 'TK01',
          act: 'request',
          performer: { actor: `c${facts}`, role: 'CA01' },
          justification,
          payload: { lines: [{ sku: 'FLT-040', qty: 1 }], shippingAddress: address },
        });
        expect(result.ok).toBe(true);
      }
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(await liveClients(), `still 2 clients after ${facts} facts`).toBe(1);
    // The bound: at most the per-client queue (1000 frames) of ~16 KB, not every fact since.
    expect(peak - baseline).toBeLessThan(256 * 1024 * 1024);

    // The healthy client got the latest fact; the stalled one finds its stream ended.
    const last = await server.factum.perform({
      kind: 'TK01',
      act: 'request',
      transactionId: 'the-last-order',
      performer: { actor: 'zed', role: 'CA01' },
      payload: { lines: [{ sku: 'FLT-040', qty: 1 }], shippingAddress: address },
    });
    expect(last.ok).toBe(true);
    await waitFor('the live client to receive the last order', () =>
      received.includes('the-last-order'),
    );
    // Its response was ended (the chunked terminator), though keep-alive leaves the socket open.
    let rest = '';
    stalled.on('data', (chunk: Buffer) => {
      rest = (rest + chunk.toString('latin1')).slice(-64);
    });
    stalled.resume();
    await waitFor('the stalled stream to end (the chunked terminator)', () =>
      rest.endsWith('\r\n0\r\n\r\n'),
    );
    abort.abort();
    await reading;
  } finally {
    abort.abort();
    for (const socket of sockets) socket.destroy();
    await server.close();
  }
}, 90_000);
