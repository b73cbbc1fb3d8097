import { describe, expect, it } from 'vitest';
import { createFactum } from '../engine/factum.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { memoryViewStore } from '../stores/memory/memory-view-store.ts';
import { shopModel } from '../../examples/shop/model.ts';
import { createServer } from './create-server.ts';
import { placeOrder, serverPerTest, testSecret } from './e2e-harness.test-support.ts';

const startServer = serverPerTest();

describe('who is acting', () => {
  it('answers 401 without a token, with a tampered, foreign or expired one', async () => {
    const s = await startServer();
    const none = await s.call('GET', '/api/transactions');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body).toMatchObject({ code: 'Unauthenticated' });
    const valid = await s.token('alice', ['CA01']);
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ sub: 'alice', roles: ['A01', 'CA01'], exp: 9_999_999_999 }),
    ).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const token of [
      `${header}.${forged}.${signature}`,
      `${header}.${payload}.${flipped}`,
      await s.token('alice', ['CA01'], { secret: 'another-secret-of-at-least-32-bytes!!' }),
      'not-a-jwt',
    ]) {
      const response = await s.call('GET', '/api/transactions', { token });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'InvalidToken' });
    }
    const expired = await s.call('GET', '/api/transactions', {
      token: await s.token('alice', ['CA01'], { expiresIn: -60 }),
    });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ code: 'TokenExpired' });
    const basic = await s.call('GET', '/api/transactions', {
      headers: { authorization: 'Basic YWxpY2U6eA==' },
    });
    expect(basic.status).toBe(401);
  });

  it("hides one customer's orders from another: 404, absent from lists, agendas, views and audits", async () => {
    const s = await startServer();
    const { alice, bob, fran } = await s.tokens({ alice: ['CA01'], bob: ['CA01'], fran: ['A01'] });
    const alicesOrder = await placeOrder(s, alice);
    const bobsOrder = await placeOrder(s, bob);
    const before = await s.logSize();
    for (const path of [
      `/api/transactions/${alicesOrder}`,
      `/api/transactions/${alicesOrder}/audit`,
      `/api/transactions/${alicesOrder}.TK02`,
    ]) {
      const response = await s.call('GET', path, { token: bob });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'UnknownTransaction' });
    }
    const act = await s.call('POST', `/api/transactions/${alicesOrder}.TK02/acts/promise`, {
      token: bob,
    });
    expect(act.status).toBe(404);
    const revoke = await s.call('POST', `/api/transactions/${alicesOrder}/acts/revoke`, {
      token: bob,
      body: { revokes: 'request' },
    });
    expect(revoke.status).toBe(404);
    expect(await s.logSize()).toBe(before);

    const bobsList = await s.call('GET', '/api/transactions', { token: bob });
    expect(bobsList.body.items?.map((row) => row.id).sort()).toEqual(
      [bobsOrder, `${bobsOrder}.TK02`].sort(),
    );
    const bobsAgenda = await s.call('GET', '/api/agenda/CA01', { token: bob });
    expect(bobsAgenda.body.items?.map((row) => row.transactionId)).toEqual([`${bobsOrder}.TK02`]);
    const bobsOrders = await s.call('GET', '/api/views/customer-orders?partition=order', {
      token: bob,
    });
    expect(bobsOrders.body.items?.map((row) => row.orderId)).toEqual([bobsOrder]);
    const bobsAudit = await s.call('GET', '/api/views/audit', { token: bob });
    expect(
      bobsAudit.body.items?.every((row) => (row.correlationId as string).startsWith(bobsOrder)),
    ).toBe(true);

    // The order completer is no customer: it sees every order.
    const all = await s.call('GET', '/api/transactions?kind=TK01', { token: fran });
    expect(all.body.total).toBe(2);
    expect((await s.call('GET', `/api/transactions/${alicesOrder}`, { token: fran })).status).toBe(
      200,
    );
  });

  it('checks roles on reads: agendas of roles the token lacks, views closed to the role', async () => {
    const s = await startServer();
    const { alice, fran } = await s.tokens({ alice: ['CA01'], fran: ['A01'] });
    expect((await s.call('GET', '/api/agenda/A01', { token: alice })).status).toBe(403);
    const closed = await s.call('GET', '/api/views/pending-orders', { token: alice });
    expect(closed.status).toBe(403);
    expect(closed.body).toMatchObject({ code: 'ViewNotReadable', readableBy: ['A01'] });
    expect((await s.call('GET', '/api/views/pending-orders', { token: fran })).status).toBe(200);
    expect((await s.call('GET', '/api/views/no-such-view', { token: fran })).status).toBe(404);
    expect((await s.call('GET', '/api/ledgers/gold', { token: fran })).status).toBe(404);
    expect((await s.call('GET', '/api/agenda/ZZ99', { token: fran })).status).toBe(400);
  });

  it('lets a visitor pick a demo actor and act with the token it gets', async () => {
    const s = await startServer();
    const actors = await s.call('GET', '/api/demo/actors');
    expect(actors.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'CA01', personal: true, actors: ['alice', 'bob'] }),
      ]),
    );
    const session = await s.call('POST', '/api/demo/session', {
      body: { actor: 'alice', role: 'CA01' },
    });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ actor: 'alice', roles: ['CA01'], tokenType: 'Bearer' });
    const orderId = await placeOrder(s, session.body.token as string);
    expect(orderId).toMatch(/^order-/);
    const inferred = await s.call('POST', '/api/demo/session', { body: { actor: 'sam' } });
    expect(inferred.body).toMatchObject({ roles: ['A02'] });
    const stranger = await s.call('POST', '/api/demo/session', {
      body: { actor: 'mallory', role: 'A01' },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ code: 'NotADemoActor' });
    const notHers = await s.call('POST', '/api/demo/session', {
      body: { actor: 'alice', role: 'A01' },
    });
    expect(notHers.status).toBe(400);
  });

  it('in JWT mode verifies tokens issued elsewhere and offers no demo sessions', async () => {
    const store = memoryEventStore();
    const factum = createFactum({
      model: shopModel,
      store,
      views: memoryViewStore(),
      agents: false,
    });
    await factum.start();
    const app = await createServer({
      factum,
      auth: { mode: 'jwt', secret: testSecret, issuer: 'https://id.example' },
      scratchViews: memoryViewStore,
    });
    try {
      const demo = await app.inject({
        method: 'POST',
        url: '/api/demo/session',
        payload: { actor: 'alice' },
      });
      expect(demo.statusCode).toBe(404);
      expect(demo.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      const { SignJWT } = await import('jose');
      const sign = (issuer: string): Promise<string> =>
        new SignJWT({ roles: ['A01'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('fran')
          .setIssuer(issuer)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(testSecret));
      const good = await app.inject({
        method: 'GET',
        url: '/api/transactions',
        headers: { authorization: `Bearer ${await sign('https://id.example')}` },
      });
      expect(good.statusCode).toBe(200);
      const foreign = await app.inject({
        method: 'GET',
        url: '/api/transactions',
        headers: { authorization: `Bearer ${await sign('https://evil.example')}` },
      });
      expect(foreign.statusCode).toBe(401);
    } finally {
      await app.close();
      await factum.stop();
    }
  });
});
