/**
 * Who owns a transaction, read from the log (never behind, unlike the views): the actor of a
 * personal party named on its first request, else the owner of its parent. The same rule the
 * `transactions` view applies, so reads and streams agree on what a customer may see.
 */
import type { Fact } from '../core/index.ts';
import { toFact } from '../engine/fact-events.ts';
import type { EventStore } from '../engine/ports/event-store.ts';

/** Resolves and remembers transaction owners. */
export interface OwnerResolver {
  /** The owner of a transaction: an actor, `null` for nobody in particular, `undefined` when it does not exist. */
  ownerOf(transactionId: string): Promise<string | null | undefined>;
  /**
   * The owner of the transaction a fact belongs to; `version` is the fact's place in its stream
   * when known (the first fact names the owner itself, so the log need not be read).
   */
  ownerOfFact(fact: Fact, version?: number): Promise<string | null>;
}

/** Creates a resolver over a store with a bounded cache (owners never change once set). */
export function ownerResolver(store: EventStore, maxEntries = 10_000): OwnerResolver {
  const cache = new Map<string, string | null>();
  const remember = (id: string, owner: string | null): string | null => {
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(id, owner);
    return owner;
  };
  const fromFirstFact = async (first: Fact, depth: number): Promise<string | null> => {
    const parties = first.parties;
    const own = parties?.initiator.actor ?? parties?.executor.actor;
    if (own !== undefined) return own;
    if (first.parent === undefined || depth > 32) return null;
    return (await resolve(first.parent.transactionId, depth + 1)) ?? null;
  };
  const resolve = async (id: string, depth: number): Promise<string | null | undefined> => {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const [first] = await store.readStream(id, { maxCount: 1 });
    if (first === undefined || id.includes(':')) return undefined;
    return remember(id, await fromFirstFact(toFact(first), depth));
  };
  return {
    ownerOf: (id) => resolve(id, 0),
    async ownerOfFact(fact, version) {
      const cached = cache.get(fact.transactionId);
      if (cached !== undefined) return cached;
      if (version === 1) return remember(fact.transactionId, await fromFirstFact(fact, 0));
      return (await resolve(fact.transactionId, 0)) ?? null;
    },
  };
}
