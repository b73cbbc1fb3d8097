/**
 * The list endpoints over HTTP: search, filters (kind, status, role, actor, period), sorting and
 * cursor paging on `/api/transactions`, agendas and views; the audit trail as CSV and JSON
 * downloads; bad list parameters refused with a 400 that says why.
 */
import { describe, expect, it } from 'vitest';
import { placeOrder, serverPerTest } from './e2e-harness.test-support.ts';

const startServer = serverPerTest();

type Row = Record<string, unknown>;

describe('list endpoints', () => {
  it('filters, searches, sorts and pages transactions by cursor, every row once', async () => {
    const s = await startServer();
    const { alice, bob, fran } = await s.tokens({ alice: ['CA01'], bob: ['CA01'], fran: ['A01'] });
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const sku = i === 3 ? 'POT-020' : 'MUG-001';
      ids.push(await placeOrder(s, i % 2 === 0 ? alice : bob, [{ sku, qty: 1 }]));
    }

    // Cursor paging, 3 at a time, newest change first: all rows, none twice.
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages += 1) {
      const query = new URLSearchParams({ limit: '3', sort: 'updatedAt', order: 'desc' });
      if (cursor !== undefined) query.set('cursor', cursor);
      const page = await s.call('GET', `/api/transactions?${query.toString()}`, { token: fran });
      expect(page.status).toBe(200);
      const items = page.body.items as Row[];
      seen.push(...items.map((row) => row['id'] as string));
      const times = items.map((row) => row['updatedAt'] as string);
      expect([...times].sort().reverse()).toEqual(times);
      cursor = page.body.nextCursor as string | undefined;
      if (cursor === undefined) break;
    }
    const all = await s.call('GET', '/api/transactions?limit=500', { token: fran });
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(
      (all.body.items as Row[]).map((r) => r['id'] as string).sort(),
    );

    const orders = await s.call('GET', '/api/transactions?kind=TK01&limit=500', { token: fran });
    expect((orders.body.items as Row[]).map((r) => r['id']).sort()).toEqual([...ids].sort());
    const search = await s.call('GET', '/api/transactions?q=pot-020', { token: fran });
    expect((search.body.items as Row[]).map((r) => r['id'])).toEqual([ids[3]]);
    const byActor = await s.call('GET', '/api/transactions?kind=TK01&actor=bob', { token: fran });
    expect(byActor.body.total).toBe(3);
    const byRole = await s.call('GET', '/api/transactions?role=A02', { token: fran });
    expect((byRole.body.items as Row[]).every((r) => r['kind'] === 'TK03')).toBe(true);
    const statuses = (all.body.items as Row[]).map((r) => r['status'] as string);
    const requested = await s.call('GET', '/api/transactions?status=requested,declined', {
      token: fran,
    });
    expect(requested.body.total).toBe(
      statuses.filter((x) => x === 'requested' || x === 'declined').length,
    );
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await s.call('GET', `/api/transactions?from=${today}&to=${today}`, { token: fran })).body
        .total,
    ).toBe(all.body.total);
    expect(
      (await s.call('GET', '/api/transactions?to=2000-01-01', { token: fran })).body.total,
    ).toBe(0);
    // A customer's list holds only her own, whatever the filter asks.
    const mine = await s.call('GET', '/api/transactions?actor=bob&kind=TK01', { token: alice });
    expect(mine.body.total).toBe(0);

    // The agenda filters and sorts too.
    const agenda = await s.call('GET', '/api/agenda/A01?kind=TK01&sort=since&order=desc', {
      token: fran,
    });
    expect(agenda.status).toBe(200);
    expect((agenda.body.items as Row[]).every((r) => r['kind'] === 'TK01')).toBe(true);
  });

  it('refuses unknown kinds, statuses, roles, periods, sort fields and cursors with a 400', async () => {
    const server = await startServer();
    const fran = await server.token('fran', ['A01']);
    for (const [query, code] of [
      ['kind=TK99', 'UnknownKind'],
      ['status=lost', 'UnknownStatus'],
      ['role=X9', 'UnknownRole'],
      ['from=yesterday', 'InvalidPeriod'],
      ['cursor=not-a-cursor', 'InvalidCursor'],
      ['sort=terms', 'ValidationFailed'],
    ] as const) {
      const response = await server.call('GET', `/api/transactions?${query}`, { token: fran });
      expect(response.status, query).toBe(400);
      if (code !== 'ValidationFailed') expect(response.body.code, query).toBe(code);
    }
  });

  it('downloads the audit trail of a tree as CSV and as JSON', async () => {
    const s = await startServer();
    const alice = await s.token('alice', ['CA01']);
    const id = await placeOrder(s, alice, [{ sku: 'MUG-001', qty: 2 }]);
    const csv = await fetch(`${s.base}/api/transactions/${id}/audit?format=csv`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="audit-${id}.csv"`);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'position,time,transaction,kind,kind name,fact,actor,role,role name,party,status,revokes,justification,data',
    );
    const page = await s.call('GET', `/api/transactions/${id}/audit`, { token: alice });
    expect(lines.length - 1).toBe(page.body.total);
    expect(lines[1]).toContain(',OrderRequested,alice,CA01,customer,initiator,requested,');
    const json = await s.call('GET', `/api/transactions/${id}/audit?format=json`, { token: alice });
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="audit-${id}.json"`);
    expect(Array.isArray(json.body) ? (json.body as unknown[]).length : -1).toBe(page.body.total);
  });
});
