import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/app/serve.ts';
import {
  address,
  call,
  expectProblem,
  readLog,
  Scratch,
  serveShop,
  signToken,
  sleep,
} from './reliability.test-support.ts';

const scratch = new Scratch();
afterAll(() => scratch.dispose());
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The stock of a product, read from the log: received less reserved, plus released. */
async function stockOf(running: RunningServer, sku: string): Promise<number> {
  const balance = await running.factum.engine.reader.ledger('stock', sku);
  return balance.available;
}

describe.each(['sqlite', 'postgres'] as const)('concurrent acts on %s', (store) => {
  it('fifty clients performing the same act on one transaction: one succeeds, the log has one fact', async () => {
    const running = (server = await serveShop(scratch.storeUrl(store, 'race'), scratch.dir()));
    const alice = await signToken('alice', ['CA01']);
    const created = await call(running.url, 'POST', '/api/transactions', {
      token: alice,
      body: {
        kind: 'TK01',
        payload: { lines: [{ sku: 'TEA-010', qty: 1 }], shippingAddress: address },
      },
    });
    expect(created.status).toBe(201);
    await running.factum.settle();
    const payment = `${String(created.body['transactionId'])}.TK02`;
    const before = (await readLog(running.stores)).length;

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(running.url, 'POST', `/api/transactions/${payment}/acts/promise`, {
          token: alice,
          body: { justification: `client ${i}` },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200).length, statuses.join(',')).toBe(1);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expectProblem(refused, 'a losing client');
      expect(refused.status).toBe(409);
      expect(['ActNotAllowed', 'VersionConflict']).toContain(refused.body['code']);
    }
    await running.factum.settle();
    const log = await readLog(running.stores);
    expect(log.filter((e) => e.streamId === payment && e.type === 'PaymentPromised')).toHaveLength(
      1,
    );
    expect(log.length).toBe(before + 1);
  }, 60_000);

  it('never promises more of the last items than are in stock, whatever the interleaving', async () => {
    const running = (server = await serveShop(scratch.storeUrl(store, 'stock'), scratch.dir()));
    const fran = await signToken('fran', ['A01']);
    const sku = 'LTD-070';
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.array(
          fc.record({
            qty: fc.integer({ min: 1, max: 3 }),
            delayMs: fc.integer({ min: 0, max: 15 }),
          }),
          { minLength: 2, maxLength: 6 },
        ),
        fc.boolean(),
        async (received, orders, franRaces) => {
          round += 1;
          await running.factum.settle();
          if (received > 0)
            await running.factum.receive('stock', sku, received, `receipt-${round}`);
          const available = await stockOf(running, sku);
          const ids = await Promise.all(
            orders.map(async ({ qty, delayMs }, i) => {
              await sleep(delayMs);
              const customer = `r${round}c${i}`;
              const created = await call(running.url, 'POST', '/api/transactions', {
                token: await signToken(customer, ['CA01']),
                body: {
                  kind: 'TK01',
                  payload: { lines: [{ sku, qty }], shippingAddress: address },
                },
              });
              expect(created.status, created.text).toBe(201);
              const id = created.body['transactionId'] as string;
              // The order completer, by hand, races the agent's rule to promise it.
              if (franRaces) {
                const promised = await call(
                  running.url,
                  'POST',
                  `/api/transactions/${id}/acts/promise`,
                  {
                    token: fran,
                  },
                );
                if (promised.status !== 200) {
                  expectProblem(promised, 'a promise that lost');
                  expect([409, 422]).toContain(promised.status);
                }
              }
              return { id, qty };
            }),
          );
          await running.factum.settle();
          const log = await readLog(running.stores);
          let promisedQty = 0;
          for (const { id, qty } of ids) {
            const answers = log.filter(
              (e) =>
                e.streamId === id && (e.type === 'OrderPromised' || e.type === 'OrderDeclined'),
            );
            expect(answers.map((e) => e.type)).toHaveLength(1);
            if (answers[0]?.type === 'OrderPromised') promisedQty += qty;
          }
          expect(promisedQty).toBeLessThanOrEqual(Math.max(available, 0));
          expect(await stockOf(running, sku)).toBe(available - promisedQty);
          expect(await stockOf(running, sku)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 10 },
    );
  }, 120_000);
});
