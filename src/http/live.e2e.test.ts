import { describe, expect, it, vi } from 'vitest';
import { placeOrder, serverPerTest } from './e2e-harness.test-support.ts';

const startServer = serverPerTest();

interface SseEvent {
  readonly id?: string;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** An open event stream read with node's fetch: its events and comments as they arrive. */
interface EventStreamReader {
  readonly status: number;
  readonly events: SseEvent[];
  readonly comments: string[];
  /** Waits until `predicate` holds for the events so far. */
  until(predicate: (events: readonly SseEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
  readonly ended: Promise<void>;
}

async function openEvents(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<EventStreamReader> {
  const abort = new AbortController();
  const response = await fetch(`${base}${path}`, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const ended = (async () => {
    if (response.body === null || response.status !== 200) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else {
              const at = line.indexOf(':');
              if (at > 0) fields[line.slice(0, at)] = line.slice(at + 1).trimStart();
            }
          }
          if (fields['data'] !== undefined) {
            events.push({
              ...(fields['id'] === undefined ? {} : { id: fields['id'] }),
              event: fields['event'] ?? 'message',
              data: JSON.parse(fields['data']) as Record<string, unknown>,
            });
          }
        }
        for (const wake of waiters) wake();
      }
    } catch {
      // aborted
    }
    for (const wake of waiters) wake();
  })();
  return {
    status: response.status,
    events,
    comments,
    ended,
    close: () => abort.abort(),
    async until(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events)) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out; got ${JSON.stringify(events.map((e) => e.data['type'] ?? e.event))}`,
          );
        await new Promise<void>((resolve) => {
          waiters.add(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

const facts = (events: readonly SseEvent[]): string[] =>
  events.filter((e) => e.event === 'fact').map((e) => e.data['type'] as string);

/** The order the live tests place: a tea. */
const tea = [{ sku: 'TEA-010', qty: 1 }];

describe('live updates over Server-Sent Events', () => {
  it('delivers facts as they happen, each caller only what it may see, and view changes', async () => {
    const s = await startServer();
    const { alice, bob, fran } = await s.tokens({ alice: ['CA01'], bob: ['CA01'], fran: ['A01'] });
    const aliceStream = await openEvents(s.base, '/api/events', {
      authorization: `Bearer ${alice}`,
    });
    const franStream = await openEvents(s.base, `/api/events?access_token=${fran}`);
    const bobStream = await openEvents(s.base, '/api/events', { authorization: `Bearer ${bob}` });
    expect(aliceStream.status).toBe(200);
    const alicesOrder = await placeOrder(s, alice, tea);
    await aliceStream.until((events) => facts(events).includes('PaymentRequested'));
    expect(facts(aliceStream.events)).toEqual([
      'OrderRequested',
      'OrderPromised',
      'PaymentRequested',
    ]);
    expect(
      aliceStream.events.every(
        (e) => e.event !== 'fact' || (e.data['transactionId'] as string).startsWith(alicesOrder),
      ),
    ).toBe(true);
    expect(aliceStream.events.some((e) => e.event === 'views')).toBe(true);
    await franStream.until(
      (events) =>
        facts(events).includes('PaymentRequested') && events.some((e) => e.event === 'ledger'),
    );
    const bobsOrder = await placeOrder(s, bob, tea);
    await bobStream.until((events) => facts(events).includes('PaymentRequested'));
    expect(
      bobStream.events
        .filter((e) => e.event === 'fact')
        .map((e) => e.data['transactionId'] as string)
        .every((id) => id.startsWith(bobsOrder)),
    ).toBe(true);
    // Customers see stock move live, but not whose order moved it.
    await bobStream.until((events) => events.some((e) => e.event === 'ledger'));
    for (const e of bobStream.events.filter((x) => x.event === 'ledger')) {
      expect(Object.keys(e.data).sort()).toEqual(['key', 'ledger', 'position']);
    }
    // alice heard nothing of bob's order
    expect(facts(aliceStream.events)).toHaveLength(3);
    // a stream scoped to one transaction tree
    const scoped = await openEvents(
      s.base,
      `/api/events?transaction=${bobsOrder}&access_token=${alice}`,
    );
    expect(scoped.status).toBe(404);
    for (const stream of [aliceStream, franStream, bobStream]) stream.close();
  });

  it('resumes with Last-Event-ID: exactly the missed facts, then live', async () => {
    const s = await startServer();
    const alice = await s.token('alice', ['CA01']);
    const first = await openEvents(s.base, '/api/events', { authorization: `Bearer ${alice}` });
    const orderId = await placeOrder(s, alice, tea);
    await first.until((events) => facts(events).length === 3);
    const lastId = first.events.filter((e) => e.event === 'fact').at(-1)?.id ?? '';
    expect(lastId).toMatch(/^\d+$/);
    first.close();
    await first.ended;

    // Missed while away: alice promises the payment and places another order.
    const paymentId = `${orderId}.TK02`;
    expect(
      (await s.call('POST', `/api/transactions/${paymentId}/acts/promise`, { token: alice }))
        .status,
    ).toBe(200);
    const second = await placeOrder(s, alice, tea);

    const resumed = await openEvents(s.base, `/api/events?transaction=${second}`, {
      authorization: `Bearer ${alice}`,
      'last-event-id': lastId,
    });
    const everything = await openEvents(s.base, '/api/events', {
      authorization: `Bearer ${alice}`,
      'last-event-id': lastId,
    });
    await everything.until((events) => facts(events).length === 4);
    expect(facts(everything.events)).toEqual([
      'PaymentPromised',
      'OrderRequested',
      'OrderPromised',
      'PaymentRequested',
    ]);
    await resumed.until((events) => facts(events).length === 3);
    expect(
      resumed.events
        .filter((e) => e.event === 'fact')
        .every((e) => (e.data['transactionId'] as string).startsWith(second)),
    ).toBe(true);

    // … then live, without repeats.
    expect(
      (await s.call('POST', `/api/transactions/${paymentId}/acts/execute`, { token: alice }))
        .status,
    ).toBe(200);
    await everything.until((events) => facts(events).includes('PaymentExecuted'));
    const ids = everything.events.filter((e) => e.event === 'fact').map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(facts(everything.events)).toEqual([
      'PaymentPromised',
      'OrderRequested',
      'OrderPromised',
      'PaymentRequested',
      'PaymentExecuted',
    ]);

    const bad = await fetch(`${s.base}/api/events`, {
      headers: { authorization: `Bearer ${alice}`, 'last-event-id': 'banana' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'InvalidLastEventId' });
    resumed.close();
    everything.close();
  });

  it('sends heartbeats, and shutting down ends the streams', async () => {
    const s = await startServer({ serverOptions: { live: { heartbeatMs: 40 } } });
    const fran = await s.token('fran', ['A01']);
    const stream = await openEvents(s.base, '/api/events', { authorization: `Bearer ${fran}` });
    await vi.waitUntil(() => stream.comments.some((c) => c.startsWith('heartbeat')), {
      timeout: 3000,
      interval: 20,
    });
    expect(s.app.factumLive.size).toBe(1);
    await s.app.close();
    await stream.ended;
    expect(s.app.factumLive.size).toBe(0);
  });
});
