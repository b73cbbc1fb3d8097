import { describe, expect, it } from 'vitest';
import { processModel } from '../engine/process-model.test-support.ts';
import { serverPerTest, type TestServer } from './e2e-harness.test-support.ts';

const startServer = serverPerTest();

interface Actors {
  readonly s: TestServer;
  readonly alice: string;
  readonly sue: string;
  readonly pat: string;
}

async function start(): Promise<Actors> {
  const s = await startServer({ model: processModel });
  return {
    s,
    alice: await s.token('alice', ['CA01']),
    sue: await s.token('sue', ['A01']),
    pat: await s.token('pat', ['A02']),
  };
}

async function act(
  s: TestServer,
  token: string,
  id: string,
  name: string,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await s.call('POST', `/api/transactions/${id}/acts/${name}`, { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function create(
  s: TestServer,
  token: string,
  body: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return s.call('POST', '/api/transactions', { token, body });
}

async function promisedSale(a: Actors): Promise<string> {
  const sale = await create(a.s, a.alice, { kind: 'TK01', payload: {} });
  expect(sale.status).toBe(201);
  const id = sale.body.transactionId as string;
  await act(a.s, a.sue, id, 'promise');
  return id;
}

/** Runs a transaction through promise, execute, declare (executor) and accept (initiator). */
async function complete(a: Actors, id: string, executor: string, initiator: string) {
  for (const name of ['promise', 'execute', 'declare']) await act(a.s, executor, id, name);
  await act(a.s, initiator, id, 'accept');
}

describe('HTTP: response links', () => {
  it('answers problem+json 422 NoResponseLink and ParentRequired, appending nothing', async () => {
    const a = await start();
    const sale = await promisedSale(a);
    const before = await a.s.logSize();
    const noLink = await create(a.s, a.pat, { kind: 'TK04', parent: sale });
    expect(noLink.status).toBe(422);
    expect(noLink.body).toMatchObject({ code: 'NoResponseLink', kind: 'TK04', parentKind: 'TK01' });
    const orphan = await create(a.s, a.sue, { kind: 'TK02' });
    expect(orphan.status).toBe(422);
    expect(orphan.body).toMatchObject({ code: 'ParentRequired', parentKinds: ['TK01'] });
    expect(orphan.body.detail).toContain("name 'parent'");
    expect(await a.s.logSize()).toBe(before);
  });

  it('answers 409 ResponseNotDue before the parent fact, then addresses the child by default and answers 409 CardinalityExceeded', async () => {
    const a = await start();
    const sale = await create(a.s, a.alice, { kind: 'TK01', payload: {} });
    const id = sale.body.transactionId as string;
    const early = await create(a.s, a.sue, { kind: 'TK02', parent: id });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ResponseNotDue', parent: id });
    await act(a.s, a.sue, id, 'promise');
    const paid = await create(a.s, a.sue, { kind: 'TK02', parent: id });
    expect(paid.status).toBe(201);
    const payment = await a.s.call(
      'GET',
      `/api/transactions/${paid.body.transactionId as string}/allowed`,
      {
        token: a.alice,
      },
    );
    expect(payment.status).toBe(200); // addressed to alice: her own transaction
    const second = await create(a.s, a.sue, { kind: 'TK02', parent: id });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'CardinalityExceeded',
      cardinality: '1',
      started: 1,
    });
  });

  it('lists the child kinds that may start now under /allowed, with link, source, addressee and what remains', async () => {
    const a = await start();
    const sale = await create(a.s, a.alice, { kind: 'TK01', payload: {} });
    const id = sale.body.transactionId as string;
    const requested = await a.s.call('GET', `/api/transactions/${id}/allowed`, { token: a.sue });
    expect(requested.body.startable).toEqual([]);
    await act(a.s, a.sue, id, 'promise');
    const promised = await a.s.call('GET', `/api/transactions/${id}/allowed`, { token: a.sue });
    expect(promised.body.startable).toEqual([
      {
        kind: 'TK02',
        kindName: 'Payment',
        role: 'A01',
        executorRole: 'CA01',
        link: { from: { kind: 'TK01', fact: 'promised' }, cardinality: '1' },
        source: id,
        addressee: 'alice',
        remaining: 1,
        required: true,
      },
    ]);
    // Only the roles the caller holds: the customer starts nothing under her sale.
    const asAlice = await a.s.call('GET', `/api/transactions/${id}/allowed`, { token: a.alice });
    expect(asAlice.body.startable).toEqual([]);
    const paid = await create(a.s, a.sue, { kind: 'TK02', parent: id });
    await complete(a, paid.body.transactionId as string, a.alice, a.sue);
    const after = await a.s.call('GET', `/api/transactions/${id}/allowed`, { token: a.sue });
    expect(after.body.startable).toEqual([
      expect.objectContaining({
        kind: 'TK03',
        link: { from: { kind: 'TK02', fact: 'accepted' }, cardinality: '0..1' },
        source: paid.body.transactionId,
        remaining: 1,
        required: false,
      }),
    ]);
  });
});

describe('HTTP: product data and wait links', () => {
  it('answers 400 InvalidPayload for an execute without the product data, and marks waiting acts under /allowed and the agenda', async () => {
    const a = await start();
    const sale = await promisedSale(a);
    const allowed = await a.s.call('GET', `/api/transactions/${sale}/allowed`, { token: a.sue });
    const execute = (allowed.body.allowed as Record<string, unknown>[]).find(
      (x) => x.act === 'execute',
    );
    expect(execute).toEqual({
      act: 'execute',
      party: 'executor',
      role: 'A01',
      waiting: [{ kind: 'TK03', kindName: 'Packing', fact: 'accepted' }],
    });
    const others = (allowed.body.allowed as Record<string, unknown>[]).filter(
      (x) => x.act !== 'execute',
    );
    expect(others.map((x) => x.act)).toContain('revoke');
    for (const other of others) expect(other).not.toHaveProperty('waiting');
    const waiting = await a.s.call('POST', `/api/transactions/${sale}/acts/execute`, {
      token: a.sue,
      body: { payload: { receipt: 'R-1' } },
    });
    expect(waiting.status).toBe(422);
    expect(waiting.body).toMatchObject({ code: 'AwaitingFact', awaiting: { kind: 'TK03' } });

    const paid = await create(a.s, a.sue, { kind: 'TK02', parent: sale });
    await complete(a, paid.body.transactionId as string, a.alice, a.sue);
    const packing = await create(a.s, a.sue, { kind: 'TK03', parent: sale });
    const packingId = packing.body.transactionId as string;
    await act(a.s, a.pat, packingId, 'promise');
    await a.s.factum.settle();
    const agenda = await a.s.call('GET', '/api/agenda/A01', { token: a.sue });
    const row = agenda.body.items?.find((r) => r.transactionId === sale);
    expect(row?.acts).toContainEqual({
      act: 'execute',
      waiting: [
        {
          kind: 'TK03',
          kindName: 'Packing',
          fact: 'accepted',
          transactionId: packingId,
          status: 'promised',
        },
      ],
    });
    for (const name of ['execute', 'declare']) await act(a.s, a.pat, packingId, name);
    await act(a.s, a.sue, packingId, 'accept');
    const noProduct = await a.s.call('POST', `/api/transactions/${sale}/acts/execute`, {
      token: a.sue,
      body: {},
    });
    expect(noProduct.status).toBe(400);
    expect(noProduct.body).toMatchObject({ code: 'InvalidPayload' });
    expect(noProduct.body.detail).toContain('[sale] is done');
    await act(a.s, a.sue, sale, 'execute', { payload: { receipt: 'R-1' } });
    const declared = await act(a.s, a.sue, sale, 'declare');
    expect((declared.facts as Record<string, unknown>[])[0]?.payload).toEqual({ receipt: 'R-1' });
  });
});

describe('HTTP: the OpenAPI document', () => {
  it('describes waiting acts and startable children of /allowed and the agenda', async () => {
    const a = await start();
    const doc = await a.s.call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    const schemas = (doc.body.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'AwaitedFact',
        'AllowedAct',
        'StartableChild',
        'Allowed',
        'AgendaItem',
      ]),
    );
    const paths = doc.body.paths as Record<string, { get: { responses: Record<string, unknown> } }>;
    expect(JSON.stringify(paths['/api/transactions/{id}/allowed']?.get.responses['200'])).toContain(
      '#/components/schemas/Allowed',
    );
    expect(JSON.stringify(paths['/api/agenda/{role}']?.get.responses['200'])).toContain(
      '#/components/schemas/AgendaItem',
    );
  });
});
