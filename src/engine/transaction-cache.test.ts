import { expect, it } from 'vitest';
import { defineModel } from '../model/index.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { createEngine } from './engine.ts';
import { countingReads } from './counting-store.test-support.ts';
import { alice, saleKind, saleRoles, seller } from './sale-model.test-support.ts';
import { TransactionCache } from './transaction-cache.ts';

const model = defineModel({
  name: 'cache-test',
  actorRoles: saleRoles,
  transactionKinds: { TK01: saleKind },
});

it('reads only what follows the cached version, including facts appended by another process', async () => {
  const shared = memoryEventStore();
  const { store, read } = countingReads(shared);
  const engine = createEngine({ model, store });
  const other = createEngine({ model, store: shared });
  const requested = await engine.perform({
    transactionId: 's1',
    kind: 'TK01',
    act: 'request',
    performer: alice,
  });
  expect(requested.ok).toBe(true);
  await engine.perform({ transactionId: 's1', act: 'promise', performer: seller });
  const afterTwoActs = read();
  // Another process moves the transaction on; this engine's cache must not hide it.
  expect((await other.perform({ transactionId: 's1', act: 'execute', performer: seller })).ok).toBe(
    true,
  );
  const declared = await engine.perform({ transactionId: 's1', act: 'declare', performer: seller });
  expect(declared.ok && declared.value.state.status).toBe('declared');
  // Only the other process's fact was read again, not the whole stream.
  expect(read() - afterTwoActs).toBe(1);
  expect((await engine.reader.facts('s1')).map((fact) => fact.act)).toEqual([
    'request',
    'promise',
    'execute',
    'declare',
  ]);
});

it('keeps at most its capacity, forgetting the least recently used', async () => {
  const shared = memoryEventStore();
  const engine = createEngine({ model, store: shared });
  for (const id of ['a', 'b', 'c'])
    await engine.perform({ transactionId: id, kind: 'TK01', act: 'request', performer: alice });
  const { store, read } = countingReads(shared);
  const cache = new TransactionCache(store, 2);
  await cache.load('a');
  await cache.load('b');
  await cache.load('a');
  await cache.load('c');
  const before = read();
  await cache.load('a');
  expect(read()).toBe(before);
  await cache.load('b');
  expect(read()).toBe(before + 1);
});

it('decides on the remembered state without reading the log when this process made every fact', async () => {
  const { store, read } = countingReads(memoryEventStore());
  const engine = createEngine({ model, store });
  const requested = await engine.perform({ kind: 'TK01', act: 'request', performer: alice });
  if (!requested.ok) throw new Error(requested.error.message);
  const id = requested.value.transactionId;
  for (const act of ['promise', 'execute', 'declare'] as const)
    expect((await engine.perform({ transactionId: id, act, performer: seller })).ok).toBe(true);
  expect(read()).toBe(0);
});

it('appends an act decided on a remembered state only when the log agrees with it', async () => {
  const shared = memoryEventStore();
  const engine = createEngine({ model, store: shared });
  const other = createEngine({ model, store: shared });
  await engine.perform({ transactionId: 's2', kind: 'TK01', act: 'request', performer: alice });
  // Another process declines; this engine still remembers the transaction as requested.
  expect((await other.perform({ transactionId: 's2', act: 'decline', performer: seller })).ok).toBe(
    true,
  );
  const promised = await engine.perform({ transactionId: 's2', act: 'promise', performer: seller });
  expect(promised.ok).toBe(false);
  if (!promised.ok) expect(promised.error.code).toBe('ActNotAllowed');
  expect((await shared.readStream('s2')).map((event) => event.type)).toEqual([
    'SaleRequested',
    'SaleDeclined',
  ]);
});

it('checks a caller’s expected version against the log, not against a remembered state', async () => {
  const shared = memoryEventStore();
  const engine = createEngine({ model, store: shared });
  const other = createEngine({ model, store: shared });
  await engine.perform({ transactionId: 's3', kind: 'TK01', act: 'request', performer: alice });
  await other.perform({ transactionId: 's3', act: 'promise', performer: seller });
  // The caller read version 2 (say, from a view); this engine remembers version 1.
  const executed = await engine.perform({
    transactionId: 's3',
    act: 'execute',
    performer: seller,
    expectedVersion: 2,
  });
  expect(executed.ok && executed.value.state.version).toBe(3);
});
