import { expect, it } from 'vitest';
import { defineModel } from '../model/index.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { createEngine } from './engine.ts';
import type { EventStore } from './ports/event-store.ts';
import { alice, saleKind, saleRoles, seller } from './sale-model.test-support.ts';
import { TransactionCache } from './transaction-cache.ts';

const model = defineModel({
  name: 'cache-test',
  actorRoles: saleRoles,
  transactionKinds: { TK01: saleKind },
});

/** Counts the events a store hands out through readStream. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped: EventStore = {
    append: (parts, options) => store.append(parts, options),
    readStream: async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      read += events.length;
      return events;
    },
    stream: (streamId) => store.stream(streamId),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    head: () => store.head(),
    close: () => store.close(),
  };
  return { store: wrapped, read: () => read };
}

it('reads only what follows the cached version, including facts appended by another process', async () => {
  const shared = memoryEventStore();
  const { store, read } = counting(shared);
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
  const { store, read } = counting(shared);
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
