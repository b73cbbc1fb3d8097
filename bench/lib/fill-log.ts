/**
 * Fills a log fast with realistic facts: whole transactions of the minimal model decided by the pure
 * core (request → accept, five facts each), appended many transactions per append.
 */
import { decide, evolve, initialTransactionState, type Fact } from '../../src/core/index.ts';
import type { TransactionState } from '../../src/core/index.ts';
import { toNewEvent } from '../../src/engine/fact-events.ts';
import type { EventStore, StreamAppend } from '../../src/engine/ports/event-store.ts';
import { kindSpecOf } from '../../src/model/kind-spec.ts';
import type { Model } from '../../src/model/model.ts';
import { followingActs } from './minimal-model.ts';

/** The five facts of transaction number `n`, decided by the core (pure but for the given time). */
export function transactionFacts(model: Model, prefix: string, n: number, time: string): Fact[] {
  const spec = kindSpecOf(model, 'TK01');
  if (spec === undefined) throw new Error('the model has no TK01');
  const transactionId = `${prefix}-${n}`;
  const steps = [
    {
      act: 'request' as const,
      performer: { actor: 'carol', role: 'CA01' },
      payload: { item: `item-${n % 97}`, quantity: (n % 5) + 1 },
    },
    ...followingActs,
  ];
  let state: TransactionState = initialTransactionState;
  const facts: Fact[] = [];
  steps.forEach((step, k) => {
    const decided = decide(spec, state, {
      actId: `${transactionId}-a${k}`,
      transactionId,
      act: step.act,
      performer: step.performer,
      time,
      correlationId: transactionId,
      ...('payload' in step ? { payload: step.payload } : {}),
    });
    if (!decided.ok) throw new Error(`${step.act} refused: ${decided.error.message}`);
    for (const fact of decided.value) {
      state = evolve(state, fact);
      facts.push(fact);
    }
  });
  return facts;
}

/**
 * Appends transactions until the log holds at least `from + count` facts more than `from`: `count`
 * facts (rounded up to whole transactions), 200 transactions per append (impure).
 */
export async function fillLog(
  store: EventStore,
  model: Model,
  prefix: string,
  count: number,
): Promise<number> {
  const perAppend = 200;
  const transactions = Math.ceil(count / 5);
  const time = new Date().toISOString();
  let appended = 0;
  for (let first = 0; first < transactions; first += perAppend) {
    const parts: StreamAppend[] = [];
    for (let n = first; n < Math.min(transactions, first + perAppend); n += 1) {
      const facts = transactionFacts(model, prefix, n, time);
      parts.push({
        streamId: `${prefix}-${n}`,
        expectedVersion: 'no_stream',
        events: facts.map(toNewEvent),
        metadata: { kind: 'TK01' },
      });
      appended += facts.length;
    }
    await store.append(parts);
  }
  return appended;
}
