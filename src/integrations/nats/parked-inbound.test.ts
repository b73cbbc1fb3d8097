import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/index.ts';
import { MemoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { inboundParkedView, parkedInbound, type ParkedInbound } from './nats-inbox.ts';

function parkedAt(index: number): ParkedInbound {
  return {
    id: `evt-${String(index).padStart(4, '0')}`,
    type: 'payment.captured',
    mapping: 'payment-captured',
    act: null,
    code: 'UnknownTransaction',
    reason: 'no such order',
    event: null,
    subject: 'payments.captured',
    parkedAt: new Date(Date.UTC(2026, 0, 1) + (index % 7) * 86_400_000 + index).toISOString(),
  };
}

describe('the parked inbound events', () => {
  it('lists every one, however many, oldest first', async () => {
    const views = new MemoryViewStore();
    const all = Array.from({ length: 1_200 }, (_, index) => parkedAt(index));
    await views.commit([
      {
        projection: 'inbound',
        changes: all.map((parked) => ({
          view: inboundParkedView,
          key: parked.id,
          row: parked as unknown as JsonObject,
        })),
      },
    ]);
    const listed = await parkedInbound(views);
    expect(listed).toHaveLength(all.length);
    expect(listed.map((p) => p.parkedAt)).toEqual(all.map((p) => p.parkedAt).sort());
  });
});
