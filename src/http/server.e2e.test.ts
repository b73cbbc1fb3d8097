import { describe, expect, it } from 'vitest';
import { forwardingStore } from '../engine/forwarding-store.test-support.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { address, serverPerTest } from './e2e-harness.test-support.ts';

const startServer = serverPerTest();

describe('the server', () => {
  it('drains acts in flight when it shuts down, and takes no new ones', async () => {
    const inner = memoryEventStore();
    // The memory store with an append held at a gate, like a database under load: the test knows
    // when the act has reached the store, and lets it through once the server is closing.
    let held = false;
    let entered!: () => void;
    const reachedStore = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = forwardingStore(inner, {
      append: async (parts, options) => {
        if (held) {
          entered();
          await gate;
        }
        return inner.append(parts, options);
      },
    });
    const s = await startServer({ store });
    const alice = await s.token('alice', ['CA01']);
    held = true;
    const inFlight = s.call('POST', '/api/transactions', {
      token: alice,
      body: {
        kind: 'TK01',
        payload: { lines: [{ sku: 'MUG-001', qty: 1 }], shippingAddress: address },
      },
    });
    await reachedStore;
    const closing = s.app.close();
    release();
    const response = await inFlight;
    await closing;
    expect(response.status).toBe(201);
    const id = response.body.transactionId as string;
    expect((await inner.readStream(id)).map((e) => e.type)).toContain('OrderRequested');
    await expect(fetch(`${s.base}/api/health`)).rejects.toThrow();
  });

  it('keeps CORS off by default and allows only the configured origins', async () => {
    const s = await startServer();
    const plain = await fetch(`${s.base}/api/model`, {
      headers: { origin: 'https://app.example' },
    });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    await s.close();
    const c = await startServer({
      serverOptions: { cors: ['https://app.example'] },
    });
    const preflight = await fetch(`${c.base}/api/transactions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await fetch(`${c.base}/api/model`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
