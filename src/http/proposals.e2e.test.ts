/**
 * Proposals over HTTP: a rule in proposal mode puts its acts, and why, on the role's agenda; a
 * person of the role confirms them (in their own name) or dismisses them; others never see them.
 */
import { describe, expect, it } from 'vitest';
import { dataShopModel } from '../model/data/data-model.test-support.ts';
import { serverPerTest, type TestServer } from './e2e-harness.test-support.ts';

const startServer = serverPerTest();

async function start() {
  const model = dataShopModel();
  const s = await startServer({ model });
  await model.demoData?.(s.factum);
  return {
    s,
    alice: await s.token('alice', ['CA01']),
    fran: await s.token('fran', ['A01']),
  };
}

async function largeOrder(s: TestServer, token: string): Promise<string> {
  const created = await s.call('POST', '/api/transactions', {
    token,
    body: { kind: 'TK01', payload: { lines: [{ sku: 'SET-070', qty: 2 }] } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await s.factum.settle();
  return created.body.transactionId as string;
}

describe('HTTP: proposals of rules in proposal mode', () => {
  it("shows the proposal on the agenda row with its acts and reasons; confirming performs it in the person's name", async () => {
    const { s, alice, fran } = await start();
    const id = await largeOrder(s, alice);
    const agenda = await s.call('GET', '/api/agenda/A01', { token: fran });
    expect(agenda.status).toBe(200);
    const row = agenda.body.items?.find((item) => item.transactionId === id);
    expect(row?.proposals).toEqual([
      expect.objectContaining({
        rule: 'review-large-order',
        description: "A large order is promised by a person, on the rule's proposal.",
        reasons: ['in-stock holds'],
        acts: [{ act: 'promise', transactionId: id }],
      }),
    ]);
    const key = (row?.proposals as { key: string }[])[0]?.key ?? '';
    const mine = await s.call('GET', '/api/proposals', { token: alice });
    expect(mine.body.items).toEqual([]);
    expect(
      (await s.call('POST', `/api/proposals/${encodeURIComponent(key)}/confirm`, { token: alice }))
        .status,
    ).toBe(404);

    const confirmed = await s.call('POST', `/api/proposals/${encodeURIComponent(key)}/confirm`, {
      token: fran,
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({
      confirmed: true,
      facts: [{ fact: 'promised', performer: { actor: 'fran' } }],
    });
    await s.factum.settle();
    const order = await s.call('GET', `/api/transactions/${id}`, { token: fran });
    expect((order.body.transaction as { status?: string }).status).toBe('promised');
    expect((await s.call('GET', '/api/proposals', { token: fran })).body.items).toEqual([]);
    const again = await s.call('POST', `/api/proposals/${encodeURIComponent(key)}/confirm`, {
      token: fran,
    });
    expect(again.status).toBe(404);
  });

  it('dismisses a proposal, leaving the fact on the agenda to answer by hand', async () => {
    const { s, alice, fran } = await start();
    const id = await largeOrder(s, alice);
    const [proposal] = ((await s.call('GET', '/api/proposals', { token: fran })).body.items ??
      []) as {
      key: string;
    }[];
    const dismissed = await s.call(
      'POST',
      `/api/proposals/${encodeURIComponent(proposal?.key ?? '')}/dismiss`,
      { token: fran },
    );
    expect(dismissed.status).toBe(200);
    const row = (await s.call('GET', '/api/agenda/A01', { token: fran })).body.items?.find(
      (item) => item.transactionId === id,
    );
    expect(row).toBeDefined();
    expect(row?.proposals).toBeUndefined();
  });

  it('closes a proposal the transaction has moved past: confirming it then is 404 and performs nothing', async () => {
    const { s, alice, fran } = await start();
    const id = await largeOrder(s, alice);
    const [proposal] = ((await s.call('GET', '/api/proposals', { token: fran })).body.items ??
      []) as { key: string }[];
    const revoked = await s.call('POST', `/api/transactions/${id}/acts/revoke`, {
      token: alice,
      body: { revokes: 'request' },
    });
    expect(revoked.status).toBe(200);
    await s.factum.settle();
    const before = await s.logSize();
    const confirmed = await s.call(
      'POST',
      `/api/proposals/${encodeURIComponent(proposal?.key ?? '')}/confirm`,
      { token: fran },
    );
    expect(confirmed.status).toBe(404);
    expect(confirmed.body.code).toBe('UnknownProposal');
    expect(await s.logSize()).toBe(before);
  });
});
