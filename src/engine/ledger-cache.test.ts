import { expect, it } from 'vitest';
import { memoryEventStore } from '../stores/memory/index.ts';
import { LedgerCache } from './ledger-cache.ts';
import { receiveIntoLedger } from './ledger-effects.ts';
import { countingReads } from './counting-store.test-support.ts';

const ledgers = [
  {
    name: 'stock',
    businessName: 'Stock',
    kind: 'TK01',
    reserveOn: 'promise' as const,
    amounts: () => [],
  },
];

it('folds only the movements appended since, including those of another process', async () => {
  const shared = memoryEventStore();
  const { store, read } = countingReads(shared);
  const cache = new LedgerCache(store);
  for (const [id, amount] of [
    ['r1', 5],
    ['r2', 3],
  ] as const)
    await receiveIntoLedger(shared, ledgers, { ledger: 'stock', key: 'sku', amount, id });
  expect(await cache.read('stock', 'sku')).toMatchObject({ balance: { available: 8 }, version: 2 });
  expect(read()).toBe(2);
  // Another process receives more: the next read sees it, reading that movement alone.
  await receiveIntoLedger(shared, ledgers, { ledger: 'stock', key: 'sku', amount: 4, id: 'r3' });
  expect(await cache.read('stock', 'sku')).toMatchObject({
    balance: { available: 12 },
    version: 3,
  });
  expect(read()).toBe(3);
  expect(await cache.read('stock', 'sku')).toMatchObject({
    balance: { available: 12 },
    version: 3,
  });
  expect(read()).toBe(3);
});

it('keeps at most its capacity, reading a forgotten key whole again', async () => {
  const shared = memoryEventStore();
  const { store, read } = countingReads(shared);
  const cache = new LedgerCache(store, 1);
  await receiveIntoLedger(shared, ledgers, { ledger: 'stock', key: 'a', amount: 1, id: 'a1' });
  await receiveIntoLedger(shared, ledgers, { ledger: 'stock', key: 'b', amount: 2, id: 'b1' });
  await cache.read('stock', 'a');
  await cache.read('stock', 'b');
  expect(await cache.read('stock', 'a')).toMatchObject({ balance: { available: 1 }, version: 1 });
  expect(read()).toBe(3);
});
