import { describe, expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { createEngine } from '../engine/engine.ts';
import type { EventStore } from '../engine/ports/event-store.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { ownerResolver } from './owners.ts';

/** A memory store that counts the streams read from it. */
function countingStore(): { store: EventStore; reads: string[] } {
  const store = memoryEventStore();
  const reads: string[] = [];
  const readStream = store.readStream.bind(store);
  store.readStream = (streamId, options) => {
    reads.push(streamId);
    return readStream(streamId, options);
  };
  return { store, reads };
}

describe('ownerResolver', () => {
  it('takes the owner from a first fact without reading the log, and from the log otherwise', async () => {
    const { store, reads } = countingStore();
    const engine = createEngine({ model: shopModel, store });
    const order = await engine.perform({
      kind: 'TK01',
      act: 'request',
      performer: { actor: 'alice', role: 'CA01' },
      payload: shopModel.transactionKinds.TK01.example,
    });
    if (!order.ok) throw new Error(order.error.message);
    const [requested] = order.value.facts;
    if (requested === undefined) throw new Error('no fact');
    reads.length = 0;

    expect(await ownerResolver(store).ownerOfFact(requested, 1)).toBe('alice');
    expect(reads).toEqual([]);
    // Not known to be the first: the first fact is read from the log.
    expect(await ownerResolver(store).ownerOfFact(requested)).toBe('alice');
    expect(reads).toEqual([order.value.transactionId]);
  });
});
