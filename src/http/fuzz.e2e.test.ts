import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, startTestServer, type TestServer } from './e2e-harness.test-support.ts';

let s: TestServer;
let alice: string;
let orderId: string;

beforeAll(async () => {
  s = await startTestServer({ serverOptions: { bodyLimit: 16 * 1024 } });
  alice = await s.token('alice', ['CA01']);
  const created = await s.call('POST', '/api/transactions', {
    token: alice,
    body: {
      kind: 'TK01',
      payload: { lines: [{ sku: 'MUG-001', qty: 1 }], shippingAddress: address },
    },
  });
  orderId = created.body.transactionId as string;
  await s.factum.settle();
});
afterAll(async () => {
  await s.close();
});

/** Sends a raw request and checks the answer is a 4xx problem+json with nothing leaked. */
async function expectClientError(
  method: string,
  path: string,
  init: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<string> {
  const response = await fetch(`${s.base}${path}`, {
    method,
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path} → ${response.status} ${text}`).toBeGreaterThanOrEqual(
    400,
  );
  expect(response.status, `${method} ${path} → ${text}`).toBeLessThan(500);
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body['status']).toBe(response.status);
  expect(typeof body['code']).toBe('string');
  expect(typeof body['type']).toBe('string');
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return `${response.status} ${String(body['code'])}`;
}

const json = { 'content-type': 'application/json' };
const hostileIds = [
  "1' OR '1'='1",
  '../../etc/passwd',
  '%00',
  'order-1; DROP TABLE events',
  'x'.repeat(300),
  '{"$ne":null}',
  '<script>',
  'ledger:stock:MUG-001',
  'tree:order-1',
];

describe('hostile input', () => {
  it('answers every random body with a 4xx problem and appends nothing', async () => {
    const before = await s.logSize();
    const auth = { authorization: `Bearer ${alice}` };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.jsonValue().map((value) => JSON.stringify({ kind: 'TK01', payload: value })),
          fc
            .jsonValue()
            .map((value) =>
              JSON.stringify({ kind: 'TK01', payload: { lines: value, shippingAddress: address } }),
            ),
          fc.string(),
        ),
        fc.constantFrom('create', 'act'),
        async (body, target) => {
          const path =
            target === 'create' ? '/api/transactions' : `/api/transactions/${orderId}/acts/accept`;
          await expectClientError('POST', path, { body, headers: { ...json, ...auth } });
        },
      ),
      { numRuns: 120 },
    );
    // Bodies no parser should survive: invalid UTF-8, deep nesting, too large, prototype poisoning.
    const invalidUtf8 = Buffer.concat([
      Buffer.from(
        `{"kind":"TK01","payload":{"lines":[{"sku":"MUG-001","qty":1}],"shippingAddress":{"name":"`,
      ),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(`","street":"s","city":"c","postcode":"p","country":"NL"}}}`),
    ]);
    expect(
      await expectClientError('POST', '/api/transactions', {
        body: invalidUtf8,
        headers: { ...json, ...auth },
      }),
    ).toBe('400 MalformedJson');
    expect(
      await expectClientError('POST', '/api/transactions', {
        body: '['.repeat(5000) + ']'.repeat(5000),
        headers: { ...json, ...auth },
      }),
    ).toBe('400 MalformedJson');
    expect(
      await expectClientError('POST', '/api/transactions', {
        body: `{"kind":"TK01","payload":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
        headers: { ...json, ...auth },
      }),
    ).toBe('400 MalformedJson');
    expect(
      await expectClientError('POST', '/api/transactions', {
        body: JSON.stringify({ kind: 'TK01', payload: 'x'.repeat(20_000) }),
        headers: { ...json, ...auth },
      }),
    ).toBe('413 BodyTooLarge');
    expect(
      await expectClientError('POST', '/api/transactions', {
        body: '{"kind":"TK01","__proto__":{"admin":true}}',
        headers: { ...json, ...auth },
      }),
    ).toBe('400 MalformedJson');
    expect(
      await expectClientError('POST', '/api/transactions', {
        body: '',
        headers: { ...json, ...auth },
      }),
    ).toBe('400 MalformedJson');
    await s.factum.settle();
    expect(await s.logSize()).toBe(before);
  });

  it('answers random and hostile ids and act names with a 4xx problem and appends nothing', async () => {
    const before = await s.logSize();
    const auth = { authorization: `Bearer ${alice}` };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'grapheme', minLength: 1 }), fc.constantFrom(...hostileIds)),
        fc.oneof(
          fc.constantFrom('promise', 'accept', 'revoke', 'stop', 'request'),
          fc.string({ minLength: 1 }),
        ),
        async (id, act) => {
          const encoded = encodeURIComponent(id);
          await expectClientError('GET', `/api/transactions/${encoded}`, { headers: auth });
          await expectClientError('GET', `/api/transactions/${encoded}/audit`, { headers: auth });
          await expectClientError(
            'POST',
            `/api/transactions/${encoded}/acts/${encodeURIComponent(act)}`,
            { body: '{}', headers: { ...json, ...auth } },
          );
          await expectClientError('GET', `/api/views/${encoded}`, { headers: auth });
          await expectClientError('GET', `/api/transactions?kind=${encoded}&limit=${encoded}`, {
            headers: auth,
          });
        },
      ),
      { numRuns: 60 },
    );
    await expectClientError('GET', '/api/transactions/%E0%A4%A', { headers: auth });
    await expectClientError('GET', '/api/transactions?limit=-1', { headers: auth });
    await expectClientError('GET', `/api/transactions/${orderId}?asOf=yesterday`, {
      headers: auth,
    });
    await expectClientError('DELETE', `/api/transactions/${orderId}`, { headers: auth });
    await s.factum.settle();
    expect(await s.logSize()).toBe(before);
  });

  it('answers random tokens and tokens for the wrong role with a 4xx problem and appends nothing', async () => {
    const before = await s.logSize();
    const printable = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 400,
    });
    await fc.assert(
      fc.asyncProperty(printable, async (token) => {
        await expectClientError('POST', `/api/transactions/${orderId}/acts/revoke`, {
          body: JSON.stringify({ revokes: 'request' }),
          headers: { ...json, authorization: `Bearer ${token}` },
        });
        await expectClientError('GET', `/api/events?access_token=${encodeURIComponent(token)}`);
      }),
      { numRuns: 60 },
    );
    for (const roles of [['A02'], ['CA01'], [], ['ROOT']]) {
      const token = await s.token(roles.includes('CA01') ? 'mallory' : 'sam', roles);
      await expectClientError('POST', `/api/transactions/${orderId}/acts/revoke`, {
        body: JSON.stringify({ revokes: 'request' }),
        headers: { ...json, authorization: `Bearer ${token}` },
      });
      await expectClientError('POST', `/api/transactions/${orderId}/acts/execute`, {
        body: JSON.stringify({ role: 'A01' }),
        headers: { ...json, authorization: `Bearer ${token}` },
      });
    }
    await s.factum.settle();
    expect(await s.logSize()).toBe(before);
  });
});
