/** The log's size as a number of events, for progress bars. */
import type { EventStore } from '../engine/ports/event-store.ts';

/**
 * The global position of the log's last event (0 when empty): on SQLite and memory the number of
 * events, on PostgreSQL an upper estimate (effectful: asks the store).
 */
export async function headPosition(store: EventStore): Promise<number> {
  const head = await store.head();
  if (head === undefined) return 0;
  const last = head.split(':').at(-1) ?? '0';
  return /^\d+$/.test(last) ? Number(last) : 0;
}
