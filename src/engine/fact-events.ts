/**
 * How a fact is kept in the log: the business event type as the event type, the act and its content
 * as data, who/when/why-links as metadata. `toNewEvent` and `toFact` are each other's inverse.
 */
import type { Fact, JsonObject, JsonValue } from '../core/index.ts';
import type { NewEvent, RecordedEvent } from './ports/event-store.ts';

/** Turns a fact into the event to append (pure). The event id is the act id. */
export function toNewEvent(fact: Fact): NewEvent {
  const { type, actId, performer, time, correlationId, causationId, ...rest } = fact;
  const metadata: Record<string, JsonValue> = { performer: { ...performer }, time, correlationId };
  if (causationId !== undefined) metadata.causationId = causationId;
  return { id: actId, type, data: rest as unknown as JsonObject, metadata };
}

/** Turns a recorded event of a transaction stream back into its fact (pure). */
export function toFact(event: RecordedEvent): Fact {
  const metadata = event.metadata as unknown as Pick<
    Fact,
    'performer' | 'time' | 'correlationId' | 'causationId'
  >;
  const fact = Object.assign({}, event.data as unknown as Fact, {
    type: event.type,
    actId: event.id,
    performer: metadata.performer,
    time: metadata.time,
    correlationId: metadata.correlationId,
  });
  return metadata.causationId === undefined
    ? fact
    : Object.assign(fact, { causationId: metadata.causationId });
}

/** True when a recorded event is a fact of a transaction (not engine bookkeeping) (pure). */
export function isFactEvent(event: RecordedEvent): boolean {
  return !event.streamId.includes(':');
}

/** The stream that records which child transactions a transaction started. */
export function treeStreamId(parentId: string): string {
  return `tree:${parentId}`;
}

/** The stream that records which transactions are about one entity instance, e.g. `entity:RENTAL:r-17`. */
export function entityStreamId(entityType: string, instanceId: string): string {
  return `entity:${entityType}:${instanceId}`;
}
