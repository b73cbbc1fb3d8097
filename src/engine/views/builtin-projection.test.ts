import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../../stores/memory/index.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { createEngine } from '../engine.ts';
import { toFact } from '../fact-events.ts';
import type { RecordedEvent } from '../ports/event-store.ts';
import { done, tickingClock } from '../perform-outcome.test-support.ts';
import { alice, saleWithPackingModel } from '../sale-model.test-support.ts';
import { auditKey, builtinProjection, builtinViews } from './builtin-projection.ts';
import { ProjectionRunner } from './projection-runner.ts';

describe('auditKey', () => {
  it('pads a position, given as a bigint or as its decimal text, so keys sort in log order', () => {
    expect(auditKey(5n)).toBe('00000000000000000005');
    expect(auditKey('5')).toBe(auditKey(5n));
    expect(auditKey(2n ** 63n - 1n)).toBe('09223372036854775807');
    const positions = [1n, 9n, 10n, 99n, 100n, 12_345n];
    const keys = positions.map((position) => auditKey(position.toString()));
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('builtin projection: the audit trail', () => {
  it('keeps each fact under its position key, with its position and status after its fields', async () => {
    const model = saleWithPackingModel('audit-test');
    const store = memoryEventStore();
    const engine = createEngine({ model, store, now: tickingClock() });
    await done(engine, { kind: 'TK01', act: 'request', performer: alice });
    const views = memoryViewStore();
    const runner = new ProjectionRunner(store, views, builtinProjection(model));
    await runner.start();
    await runner.caughtUp();
    await runner.stop();
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll()) events.push(event);
    const [event] = events;
    if (event === undefined) throw new Error('no fact in the log');
    const stored = await views.get(builtinViews.audit, auditKey(event.position));
    const fact = toFact(event);
    expect(stored?.row).toEqual({
      ...fact,
      position: event.position.toString(),
      status: 'requested',
    });
    // Field order too, as the row's JSON text shows it: the fact's fields, then the two added.
    expect(Object.keys(stored?.row ?? {})).toEqual([...Object.keys(fact), 'position', 'status']);
    expect(stored?.partition).toBe(fact.correlationId);
  });
});
