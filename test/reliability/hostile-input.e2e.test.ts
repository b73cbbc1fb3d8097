import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  address,
  call,
  expectProblem,
  readLog,
  Scratch,
  secret,
  serveShop,
  signToken,
} from './reliability.test-support.ts';

// Extends src/http/fuzz.e2e.test.ts (memory store, one kind of fault at a time) to the real
// composition root over SQLite and PostgreSQL, with every kind of fault mixed in one property.

const scratch = new Scratch();
afterAll(() => scratch.dispose());

const hostileIds = [
  "o' OR '1'='1",
  "order-1'; DROP TABLE events; --",
  '../../../etc/passwd',
  '..%2f..%2fetc',
  'tree:order-1',
  'ledger:stock:MUG-001',
  '$1',
  '%00',
  '\\x00',
  'ORDER-1 UNION SELECT *',
  'a'.repeat(129),
];

const base64url = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with `alg: none`, claiming every role. */
const unsignedToken = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
  sub: 'mallory',
  roles: ['CA01', 'A01', 'A02'],
  exp: 9_999_999_999,
})}.`;

/** One hostile request: what to send and why it must be refused. */
interface Hostile {
  readonly why: string;
  readonly method: string;
  readonly path: string;
  readonly token?: string;
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
}

function hostileRequests(tokens: {
  alice: string;
  sam: string;
  expired: string;
  foreign: string;
  noExp: string;
  orderId: string;
}): fc.Arbitrary<Hostile> {
  const { alice, orderId } = tokens;
  const json = { 'content-type': 'application/json' };
  const order = (payload: unknown): string => JSON.stringify({ kind: 'TK01', payload });
  const id = fc.oneof(fc.constantFrom(...hostileIds), fc.string({ minLength: 1, maxLength: 40 }));
  return fc.oneof(
    fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((kind) => !['TK01', 'TK02', 'TK03'].includes(kind))
      .map((kind) => ({
        why: `unknown kind ${JSON.stringify(kind)}`,
        method: 'POST',
        path: '/api/transactions',
        token: alice,
        headers: json,
        body: JSON.stringify({
          kind,
          payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address },
        }),
      })),
    fc
      .oneof(
        fc.constantFrom('fly', 'delete', 'promise ', 'PROMISE', '__proto__', 'constructor'),
        fc.string({ minLength: 1 }),
      )
      .map((act) => ({
        why: `unknown or not allowed act ${JSON.stringify(act)}`,
        method: 'POST',
        path: `/api/transactions/${orderId}/acts/${encodeURIComponent(act)}`,
        token: alice,
        headers: json,
        body: '{}',
      })),
    fc
      .tuple(id, fc.constantFrom('', '/audit', '/acts/promise', '/acts/revoke'))
      .map(([target, suffix]) => ({
        why: `hostile id ${JSON.stringify(target)}${suffix}`,
        method: suffix.startsWith('/acts') ? 'POST' : 'GET',
        path: `/api/transactions/${encodeURIComponent(target)}${suffix}`,
        token: alice,
        headers: json,
        ...(suffix.startsWith('/acts') ? { body: JSON.stringify({ revokes: 'request' }) } : {}),
      })),
    id.map((target) => ({
      why: `live feed of a hostile transaction ${JSON.stringify(target)}`,
      method: 'GET',
      path: `/api/events?transaction=${encodeURIComponent(target)}`,
      token: alice,
    })),
    fc.string({ minLength: 1, maxLength: 60 }).map((lastEventId) => ({
      why: `hostile Last-Event-ID ${JSON.stringify(lastEventId)}`,
      method: 'GET',
      path: `/api/events?lastEventId=${encodeURIComponent(`x${lastEventId}' OR 1=1`)}`,
      token: alice,
    })),
    fc
      .constantFrom(
        { why: 'garbage token', token: 'a.b.c' },
        { why: 'alg none', token: unsignedToken },
        { why: 'expired token', token: tokens.expired },
        { why: 'token of another issuer', token: tokens.foreign },
        { why: 'token without expiry', token: tokens.noExp },
        { why: 'token for the wrong role', token: tokens.sam },
      )
      .map(({ why, token }) => ({
        why,
        method: 'POST',
        path: '/api/transactions',
        token,
        headers: json,
        body: order({ lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address }),
      })),
    fc
      .oneof(
        fc.record({
          sku: fc.string(),
          qty: fc.oneof(fc.string(), fc.double(), fc.constant(-1), fc.constant(0)),
        }),
        fc.record({ sku: fc.constant('TEA-010'), qty: fc.constant(1), extra: fc.jsonValue() }),
      )
      .map((line) => ({
        why: `wrong types in a line ${JSON.stringify(line)}`,
        method: 'POST',
        path: '/api/transactions',
        token: alice,
        headers: json,
        body: order({ lines: [line], shippingAddress: address }),
      })),
    fc.integer({ min: 2_000, max: 60_000 }).map((depth) => ({
      why: `nesting ${depth} deep`,
      method: 'POST',
      path: '/api/transactions',
      token: alice,
      headers: json,
      body: `{"kind":"TK01","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    })),
    fc.integer({ min: 1_100_000, max: 3_000_000 }).map((size) => ({
      why: `a body of ${size} bytes`,
      method: 'POST',
      path: '/api/transactions',
      token: alice,
      headers: json,
      body: order({
        lines: [{ sku: 'TEA-010', qty: 1 }],
        shippingAddress: { ...address, name: 'x'.repeat(size) },
      }),
    })),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => ({
      why: 'invalid UTF-8',
      method: 'POST',
      path: '/api/transactions',
      token: alice,
      headers: json,
      body: Buffer.concat([
        Buffer.from('{"kind":"TK01","payload":{"lines":[{"sku":"'),
        Buffer.from([0xff, 0xfe, ...bytes, 0xc3]),
        Buffer.from('","qty":1}],"shippingAddress":{}}}'),
      ]),
    })),
    fc.string({ maxLength: 200 }).map((text) => ({
      why: `malformed JSON ${JSON.stringify(text.slice(0, 40))}`,
      method: 'POST',
      path: `/api/transactions/${orderId}/acts/revoke`,
      token: alice,
      headers: json,
      body: `{${text}`,
    })),
  );
}

describe.each(['sqlite', 'postgres'] as const)('hostile input on %s', (store) => {
  it('answers every hostile request with a 4xx problem, appends nothing, and keeps serving', async () => {
    const server = await serveShop(scratch.storeUrl(store, 'fuzz'), scratch.dir());
    try {
      const alice = await signToken('alice', ['CA01']);
      const created = await call(server.url, 'POST', '/api/transactions', {
        token: alice,
        body: {
          kind: 'TK01',
          payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address },
        },
      });
      expect(created.status).toBe(201);
      await server.factum.settle();
      const before = (await readLog(server.stores)).length;
      const { SignJWT } = await import('jose');
      const tokens = {
        alice,
        orderId: created.body['transactionId'] as string,
        sam: await signToken('sam', ['A02']),
        expired: await signToken('alice', ['CA01'], { expiresIn: -120 }),
        foreign: await signToken('alice', ['CA01'], { key: `${secret}-but-another` }),
        noExp: await new SignJWT({ roles: ['CA01'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('alice')
          .sign(new TextEncoder().encode(secret)),
      };
      await fc.assert(
        fc.asyncProperty(hostileRequests(tokens), async (request) => {
          const answer = await call(server.url, request.method, request.path, {
            ...(request.token === undefined ? {} : { token: request.token }),
            ...(request.body === undefined ? {} : { body: request.body }),
            ...(request.headers === undefined ? {} : { headers: request.headers }),
            signal: AbortSignal.timeout(5_000),
          });
          expectProblem(answer, request.why);
        }),
        { numRuns: 150 },
      );
      await server.factum.settle();
      expect((await readLog(server.stores)).length).toBe(before);
      const still = await call(server.url, 'POST', '/api/transactions', {
        token: alice,
        body: {
          kind: 'TK01',
          payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address },
        },
      });
      expect(still.status).toBe(201);
    } finally {
      await server.close();
    }
  }, 120_000);
});
