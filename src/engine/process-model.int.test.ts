/**
 * A '1' response link under racing clients, on the real stores: several engines (each with its own
 * caches, as separate processes have) start the payment of one promised sale at once. Exactly one
 * wins; the others are refused, never appended.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { storeFactories, type TestStores } from '../../test/store-factories.ts';
import { createEngine } from './engine.ts';
import { treeStreamId } from './fact-events.ts';
import { alice, processModel, sue } from './process-model.test-support.ts';

let stores: TestStores | undefined;

afterEach(async () => {
  await stores?.dispose();
  stores = undefined;
});

describe.each(storeFactories.filter(([name]) => name !== 'memory'))(
  "a '1' response link under racing clients on %s",
  (_name, open) => {
    it('lets exactly one of the racing child requests start, every time', async () => {
      stores = await open();
      const { store } = stores;
      const engines = [1, 2, 3].map(() => createEngine({ model: processModel, store }));
      const [first] = engines;
      if (first === undefined) throw new Error('no engine');
      for (let round = 0; round < 5; round += 1) {
        const sale = await first.perform({ kind: 'TK01', act: 'request', performer: alice });
        if (!sale.ok) throw new Error(sale.error.message);
        const id = sale.value.transactionId;
        const promised = await first.perform({ transactionId: id, act: 'promise', performer: sue });
        expect(promised.ok).toBe(true);
        const results = await Promise.all(
          engines.map((engine) =>
            engine.perform({ kind: 'TK02', act: 'request', performer: sue, parent: id }),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        for (const result of results.filter((r) => !r.ok)) {
          expect(!result.ok && result.error.code).toBe('CardinalityExceeded');
        }
        const children = await store.readStream(treeStreamId(id));
        expect(children).toHaveLength(1);
        const winner = results.find((r) => r.ok);
        expect(children[0]?.data).toEqual({
          transactionId: winner?.ok === true ? winner.value.transactionId : '',
          kind: 'TK02',
        });
      }
    });
  },
);
