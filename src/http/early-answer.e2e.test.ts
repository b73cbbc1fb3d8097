import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './e2e-harness.test-support.ts';

const bodyLimit = 16 * 1024;
let s: TestServer;
let token: string;

beforeAll(async () => {
  s = await startTestServer({ serverOptions: { bodyLimit } });
  token = await s.token('alice', ['CA01']);
});
afterAll(async () => {
  await s.close();
});

/** A body of `size` bytes that is valid JSON up to its end, so only its size is wrong. */
function oversized(size: number): string {
  const head = '{"kind":"TK01","payload":"';
  return `${head}${'x'.repeat(size - head.length - 2)}"}`;
}

/** Sends the body as a stream of chunks, so the client is still sending when the answer comes. */
function streamed(body: string, chunk = 8 * 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

/** Posts a transaction; the status read, or the transport error's code when no answer came. */
async function post(body: string | ReadableStream<Uint8Array>): Promise<string> {
  try {
    const response = await fetch(`${s.base}/api/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
      ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    });
    const problem = (await response.json()) as { code?: string };
    return `${response.status} ${problem.code ?? ''}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `no answer: ${cause?.code ?? cause?.message ?? String(error)}`;
  }
}

describe('an early answer to a client that is still sending', () => {
  it('every oversized body, declared or streamed, gets its 413 read by Node’s fetch', async () => {
    // Sizes from just over the limit to 4 MiB: the answer comes while much of it is still unsent,
    // more than the sockets' buffers hold on loopback.
    const sizes = Array.from({ length: 40 }, (_, i) => bodyLimit + 1 + i * 104_000);
    const answers: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const batch = await Promise.all(
        sizes.map((size, i) => post(i % 2 === 0 ? oversized(size) : streamed(oversized(size)))),
      );
      answers.push(...batch);
    }
    const unread = answers.filter((a) => a !== '413 BodyTooLarge');
    expect(unread, `${unread.length} of ${answers.length} oversized requests`).toEqual([]);
  });

  it('keeps the connection usable: a request after a refused one on the same client is answered', async () => {
    expect(await post(oversized(bodyLimit * 4))).toBe('413 BodyTooLarge');
    const response = await fetch(`${s.base}/api/health`);
    expect(response.status).toBe(200);
  });
});
