import { describe, expect, it } from 'vitest';
import { flakySupplierModel } from '../../cli/commands/fixtures/flaky-rule.model.ts';
import { serverPerTest } from '../e2e-harness.test-support.ts';

const startServer = serverPerTest();

/** A supplier whose promise rule fails while the warehouse is "down". */
const warehouse = { down: true };
const model = flakySupplierModel(() => !warehouse.down);

describe('parked rule runs over HTTP', () => {
  it('lists a rule that failed every attempt, retries it on request, and hides both from personal roles', async () => {
    warehouse.down = true;
    const s = await startServer({ model });
    const { carol, sue } = await s.tokens({ carol: ['CA01'], sue: ['A01'] });
    const created = await s.call('POST', '/api/transactions', {
      token: carol,
      body: { kind: 'TK01', payload: { item: 'tea' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.transactionId as string;
    await s.factum.settle();

    const listed = await s.call('GET', '/api/parked', { token: sue });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        rule: 'promise-when-supplier-up',
        error: expect.stringContaining('the supplier system is unreachable') as unknown,
      }),
    ]);
    const key = listed.body.items?.[0]?.key as string;
    expect((await s.call('GET', '/api/parked', { token: carol })).status).toBe(403);
    const byCustomer = await s.call('POST', `/api/parked/${encodeURIComponent(key)}/retry`, {
      token: carol,
    });
    expect(byCustomer.status).toBe(403);

    const again = await s.call('POST', `/api/parked/${encodeURIComponent(key)}/retry`, {
      token: sue,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'RetryFailed', key });

    warehouse.down = false;
    const retried = await s.call('POST', `/api/parked/${encodeURIComponent(key)}/retry`, {
      token: sue,
    });
    expect(retried.status).toBe(200);
    await s.factum.settle();
    expect((await s.call('GET', '/api/parked', { token: sue })).body.items).toEqual([]);
    const state = await s.call('GET', `/api/transactions/${id}`, { token: carol });
    expect(state.body.transaction).toMatchObject({ status: 'promised' });
    const unknown = await s.call('POST', `/api/parked/${encodeURIComponent(key)}/retry`, {
      token: sue,
    });
    expect(unknown.status).toBe(404);
  });

  it('answers the acts a caller may perform now, revocations included', async () => {
    warehouse.down = false;
    const s = await startServer({ model });
    const { carol, dave, sue } = await s.tokens({ carol: ['CA01'], dave: ['CA01'], sue: ['A01'] });
    const created = await s.call('POST', '/api/transactions', {
      token: carol,
      body: { kind: 'TK01', payload: { item: 'tea' } },
    });
    const id = created.body.transactionId as string;
    await s.factum.settle();
    const mine = await s.call('GET', `/api/transactions/${id}/allowed`, { token: carol });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ status: 'promised', version: 2 });
    expect(mine.body.allowed).toEqual([
      { act: 'revoke', revokes: 'request', party: 'initiator', role: 'CA01' },
    ]);
    const theirs = await s.call('GET', `/api/transactions/${id}/allowed`, { token: sue });
    expect(theirs.body.allowed).toEqual(
      expect.arrayContaining([{ act: 'execute', party: 'executor', role: 'A01' }]),
    );
    expect((await s.call('GET', `/api/transactions/${id}/allowed`, { token: dave })).status).toBe(
      404,
    );
    expect((await s.call('GET', '/api/transactions/nope-1/allowed', { token: sue })).status).toBe(
      404,
    );
  });
});
