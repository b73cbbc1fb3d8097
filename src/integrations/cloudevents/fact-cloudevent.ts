/**
 * A fact as a CloudEvent 1.0 (the CNCF `cloudevents` SDK, which checks every attribute): `type` the
 * business event (`shop.OrderPromised`), `id` the fact's id, `subject` the transaction, `source` the
 * model, `time` when the act was performed, and the business process's correlation and causation
 * as extensions. The broker subject follows `<prefix>.<model>.<kind>.<fact>`, so a consumer can
 * listen to one kind's promises, one model, or everything.
 */
import { CloudEvent } from 'cloudevents';
import type { Fact } from '../../core/index.ts';
import { isFactEvent, toFact } from '../../engine/fact-events.ts';
import type { RecordedEvent } from '../../engine/ports/event-store.ts';
import type { OutboundMessage } from '../../engine/ports/message-publisher.ts';

/** The media type of a CloudEvent in structured mode (the whole event as the JSON body). */
export const cloudEventMediaType = 'application/cloudevents+json';

/** The default first token of every subject Factum publishes to. */
export const defaultSubjectPrefix = 'factum';

/** A subject token: NATS forbids dots, spaces and wildcards in one (pure). */
export function subjectToken(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The broker subject of a fact of a model (pure). */
export function factSubject(prefix: string, model: string, kind: string, fact: string): string {
  return [prefix, subjectToken(model), subjectToken(kind), subjectToken(fact)].join('.');
}

/** The CloudEvents `source` of a model's facts (pure). */
export function modelSource(model: string): string {
  return `urn:factum:model:${encodeURIComponent(model)}`;
}

/** The CloudEvents `type` of a fact: the model's name and the business event (pure). */
export function factEventType(model: string, businessType: string): string {
  return `${model}.${businessType}`;
}

/** The CloudEvent of a fact (pure); its `data` is the fact without the envelope the attributes carry. */
export function factCloudEvent(model: string, fact: Fact): CloudEvent<Record<string, unknown>> {
  const { type, actId, time, correlationId, causationId, ...data } = fact;
  return new CloudEvent<Record<string, unknown>>({
    specversion: '1.0',
    id: actId,
    type: factEventType(model, type),
    source: modelSource(model),
    subject: fact.transactionId,
    time,
    datacontenttype: 'application/json',
    data: { ...data },
    correlationid: correlationId,
    ...(causationId === undefined ? {} : { causationid: causationId }),
    factumkind: fact.kind,
    factumfact: fact.fact,
  });
}

/**
 * Turns an event of the log into the message that publishes it (pure): a fact becomes its CloudEvent
 * in structured mode on its subject; engine bookkeeping (trees, ledgers, timers) is not published.
 */
export function factMessage(
  model: string,
  prefix: string,
): (event: RecordedEvent) => OutboundMessage | undefined {
  return (event) => {
    if (!isFactEvent(event)) return undefined;
    const fact = toFact(event);
    const cloudEvent = factCloudEvent(model, fact);
    return {
      subject: factSubject(prefix, model, fact.kind, fact.fact),
      id: fact.actId,
      body: JSON.stringify(cloudEvent.toJSON()),
      headers: { 'content-type': cloudEventMediaType },
    };
  };
}
