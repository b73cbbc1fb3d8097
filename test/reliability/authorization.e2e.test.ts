import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/app/serve.ts';
import { serve } from '../../src/app/serve.ts';
import { shopModel } from '../../examples/shop/model.ts';
import {
  address,
  call,
  expectProblem,
  readLog,
  Scratch,
  serveShop,
  signToken,
  waitFor,
} from './reliability.test-support.ts';

// Extends src/http/auth.e2e.test.ts: acts outside one's roles on each kind, the live feed across
// customers (filtered and resumed), and forged tokens beyond a flipped signature.

const scratch = new Scratch();
let server: RunningServer;
let alice: string;
let bob: string;
let fran: string;
let sam: string;
let order: string;
beforeAll(async () => {
  server = await serveShop(scratch.storeUrl('sqlite'), scratch.dir());
  [alice, bob, fran, sam] = await Promise.all([
    signToken('alice', ['CA01']),
    signToken('bob', ['CA01']),
    signToken('fran', ['A01']),
    signToken('sam', ['A02']),
  ]);
  const created = await call(server.url, 'POST', '/api/transactions', {
    token: alice,
    body: {
      kind: 'TK01',
      payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address },
    },
  });
  order = created.body['transactionId'] as string;
  await server.factum.settle();
}, 60_000);
afterAll(async () => {
  await server.close();
  await scratch.dispose();
});

/** Performs an act and expects a refusal with one of `statuses`, and nothing appended. */
async function expectRefused(
  token: string,
  path: string,
  body: unknown,
  statuses: readonly number[],
): Promise<Record<string, unknown>> {
  const before = (await readLog(server.stores)).length;
  const answer = await call(server.url, 'POST', path, { token, body });
  expectProblem(answer, `${path} ${JSON.stringify(body)}`);
  expect(statuses, `${path} → ${answer.status} ${answer.text}`).toContain(answer.status);
  await server.factum.settle();
  expect((await readLog(server.stores)).length).toBe(before);
  return answer.body;
}

describe('acts only in roles one fills, on transactions where the role is a party', () => {
  it('refuses the shipper any act on an order and the customer the executor acts', async () => {
    // The shipper (A02) is neither initiator (CA01) nor executor (A01) of an order (TK01).
    for (const act of ['promise', 'decline', 'execute', 'declare']) {
      const refusal = await expectRefused(sam, `/api/transactions/${order}/acts/${act}`, {}, [403]);
      expect(refusal['code']).toBe('WrongRole');
    }
    await expectRefused(
      sam,
      `/api/transactions/${order}/acts/revoke`,
      { revokes: 'request' },
      [403],
    );
    // Naming a role of the transaction the token does not grant is refused as such.
    const granted = await expectRefused(
      sam,
      `/api/transactions/${order}/acts/declare`,
      { role: 'A01' },
      [403],
    );
    expect(granted['code']).toBe('RoleNotGranted');
    // The customer initiates the order: promising and declaring are the executor's acts (refused
    // for her role, or as not allowed in the order's status, which no role may do now).
    for (const act of ['promise', 'declare']) {
      const refusal = await expectRefused(
        alice,
        `/api/transactions/${order}/acts/${act}`,
        {},
        [403, 409],
      );
      expect(['WrongRole', 'ActNotAllowed']).toContain(refusal['code']);
    }
    const asExecutor = await expectRefused(
      alice,
      `/api/transactions/${order}/acts/promise`,
      { role: 'A01' },
      [403],
    );
    expect(asExecutor['code']).toBe('RoleNotGranted');
    // The order completer is the executor: accepting is the initiator's act.
    await expectRefused(fran, `/api/transactions/${order}/acts/accept`, {}, [403, 409]);
    // The payment (TK02: A01 asks the customer) cannot be promised by the shop or the shipper.
    await expectRefused(fran, `/api/transactions/${order}.TK02/acts/promise`, {}, [403]);
    await expectRefused(sam, `/api/transactions/${order}.TK02/acts/promise`, {}, [403]);
    // A customer cannot start a shipment, nor the shipper an order.
    const shipment = await call(server.url, 'POST', '/api/transactions', {
      token: alice,
      body: {
        kind: 'TK03',
        payload: { orderId: order, address, lines: [{ sku: 'TEA-010', qty: 1 }] },
      },
    });
    expectProblem(shipment, 'a customer requesting a shipment');
    expect(shipment.status).toBe(403);
    await expectRefused(
      sam,
      '/api/transactions',
      { kind: 'TK01', payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address } },
      [403],
    );
  });

  it("refuses one customer's acts on another's transactions as if they did not exist", async () => {
    for (const [path, body] of [
      [`/api/transactions/${order}/acts/revoke`, { revokes: 'request' }],
      [`/api/transactions/${order}.TK02/acts/promise`, {}],
      [`/api/transactions/${order}.TK02/acts/decline`, { justification: 'not mine' }],
    ] as const) {
      const refusal = await expectRefused(bob, path, body, [404]);
      expect(refusal['code']).toBe('UnknownTransaction');
    }
    // Nor may bob hang his own transaction under alice's order.
    await expectRefused(
      bob,
      '/api/transactions',
      {
        kind: 'TK01',
        parent: order,
        payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address },
      },
      [404],
    );
  });

  it('grants nothing for roles the model does not have', async () => {
    const root = await signToken('root', ['ROOT', 'admin', '*']);
    // It owns nothing, so the order is not there for it (404), or its roles do not act (403).
    await expectRefused(root, `/api/transactions/${order}/acts/promise`, {}, [403, 404]);
    await expectRefused(
      root,
      `/api/transactions/${order}/acts/promise`,
      { role: 'ROOT' },
      [400, 403, 404],
    );
    const list = await call(server.url, 'GET', '/api/transactions', { token: root });
    // A caller with no role of the model owns nothing, so it sees nothing.
    expect(list.status === 403 || (list.body['items'] as unknown[]).length === 0).toBe(true);
  });
});

describe("a customer cannot read or stream another customer's orders", () => {
  it('refuses the filtered feed, and neither the live nor a resumed feed carries them', async () => {
    const filtered = await call(
      server.url,
      'GET',
      `/api/events?transaction=${encodeURIComponent(order)}`,
      {
        token: bob,
      },
    );
    expectProblem(filtered, "bob's feed of alice's order");
    expect(filtered.status).toBe(404);

    // Bob resumes from the start of the log: the catch-up and the live part carry only his own.
    const first = (await readLog(server.stores))[0]!;
    const abort = new AbortController();
    const response = await fetch(`${server.url}/api/events`, {
      headers: { authorization: `Bearer ${bob}`, 'last-event-id': first.checkpoint },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    let text = '';
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body!) text += decoder.decode(chunk as Uint8Array);
      } catch {
        // aborted
      }
    })();
    const own = await call(server.url, 'POST', '/api/transactions', {
      token: bob,
      body: {
        kind: 'TK01',
        payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address },
      },
    });
    const theirs = await call(server.url, 'POST', `/api/transactions/${order}.TK02/acts/promise`, {
      token: alice,
    });
    expect(theirs.status).toBe(200);
    await waitFor("bob's own order on his feed", () =>
      text.includes(own.body['transactionId'] as string),
    );
    await server.factum.settle();
    abort.abort();
    await reading;
    expect(text).not.toContain(order);
    expect(text).not.toContain('alice');
  });
});

describe('forged tokens', () => {
  it('refuses tokens signed with no key, the wrong algorithm, or claims it cannot trust', async () => {
    const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { sub: 'alice', roles: ['CA01', 'A01'], exp: 9_999_999_999 };
    const valid = await signToken('alice', ['CA01']);
    const [, , signature] = valid.split('.') as [string, string, string];
    const forged = [
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.${signature}`,
      `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}.${signature}`,
      // Not yet valid, and naming an actor with characters no actor has.
      await new SignJWT({ roles: ['CA01'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('alice')
        .setNotBefore(Math.floor(Date.now() / 1000) + 3600)
        .setExpirationTime('2h')
        .sign(new TextEncoder().encode('reliability-secret-of-at-least-32-bytes!')),
      await signToken("alice'; --", ['CA01']),
    ];
    for (const token of forged) {
      const answer = await call(server.url, 'GET', '/api/transactions', { token });
      expectProblem(answer, token);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('in JWT mode with a public key, refuses an HS256 token signed with that public key (algorithm confusion)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const jwtServer = await serve({
      model: shopModel,
      storeUrl: 'memory:',
      port: 0,
      host: '127.0.0.1',
      dataDir: scratch.dir(),
      authMode: 'jwt',
      publicKey: pem,
      logLevel: 'silent',
      demoData: false,
    });
    try {
      const good = await new SignJWT({ roles: ['A01'] })
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject('fran')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect((await call(jwtServer.url, 'GET', '/api/transactions', { token: good })).status).toBe(
        200,
      );
      const confused = await new SignJWT({ roles: ['A01'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('fran')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(pem));
      const answer = await call(jwtServer.url, 'GET', '/api/transactions', { token: confused });
      expectProblem(answer, 'HS256 signed with the public key');
      expect(answer.status).toBe(401);
      const demo = await call(jwtServer.url, 'POST', '/api/demo/session', {
        body: { actor: 'fran' },
      });
      expect(demo.status).toBe(404);
    } finally {
      await jwtServer.close();
    }
  });
});
