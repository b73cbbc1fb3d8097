/**
 * The NATS inbox of a running model: a durable JetStream consumer whose messages are CloudEvents
 * from other systems (a payment provider's `payment.captured`), each received through the model's
 * inbound mappings (`receiveInbound`). A message is acknowledged once its acts are performed, its
 * type is not mapped, or it is parked; it is delivered again when the store could not be reached.
 * An event refused (an act the pattern does not allow, data the mapping cannot read) or a message
 * that is not a CloudEvent is **parked** — kept in the `inbound-parked` view with its reason — and
 * can be retried (`retryParkedInbound`), which performs only what is still due. Redelivery is safe:
 * the acts' ids come from the event's id.
 *
 * Several processes may run the inbox on one durable consumer: JetStream hands each message to one.
 */
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { CloudEvent } from 'cloudevents';
import type { JsonObject, JsonValue } from '../../core/index.ts';
import {
  inboundMappings,
  receiveInbound,
  type InboundEngine,
  type InboundEvent,
  type InboundOutcome,
} from '../../engine/inbound/receive-inbound.ts';
import type { ViewStore } from '../../engine/ports/view-store.ts';
import { subjectToken } from '../cloudevents/fact-cloudevent.ts';
import { connectNats, ensureStream } from './jetstream-publisher.ts';

/** The view of parked inbound events, keyed by event id. */
export const inboundParkedView = 'inbound-parked';
const inboundProjection = 'inbound';

/** An inbound event that could not be received, kept with why. */
export interface ParkedInbound {
  /** The event's id (or the message's stream sequence, when it was no CloudEvent). */
  readonly id: string;
  readonly type: string | null;
  readonly mapping: string | null;
  /** The act refused, as `<act> <transaction>`. */
  readonly act: string | null;
  readonly code: string;
  readonly reason: string;
  /** The event, to retry it; null when the message was not a CloudEvent. */
  readonly event: InboundEvent | null;
  readonly subject: string;
  readonly parkedAt: string;
}

export interface NatsInboxOptions {
  readonly url: string;
  /** The stream the events are in; created (capturing `subjects`) when missing. Default `FACTUM_INBOUND`. */
  readonly stream?: string;
  /** The subjects taken. Default `inbound.<model>.>`. */
  readonly subjects?: readonly string[];
  /** The durable consumer's name. Default `factum-<model>-inbound`. */
  readonly durable?: string;
  /** How long an event waits before it is delivered again after the store failed (ms, default 1000). */
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Told of each event received, for logs and metrics. */
  readonly onReceived?: (
    event: InboundEvent | undefined,
    outcome: InboundOutcome | { outcome: 'parked'; code: string },
  ) => void;
}

/** The default stream of inbound events. */
export const defaultInboundStream = 'FACTUM_INBOUND';

/** The default subjects a model takes events from: `inbound.<model>.>` (pure). */
export function defaultInboundSubjects(model: string): string[] {
  return [`inbound.${subjectToken(model)}.>`];
}

/** Reads a message as a CloudEvent, structured (`application/cloudevents+json`) or binary (`ce-*` headers). */
export function messageEvent(body: Uint8Array, headers: ReadonlyMap<string, string>): InboundEvent {
  const text = new TextDecoder().decode(body);
  let attributes: Record<string, unknown>;
  if (headers.has('ce-specversion') || headers.has('ce-id')) {
    attributes = {};
    for (const [name, value] of headers)
      if (name.startsWith('ce-')) attributes[name.slice(3)] = value;
    if (text !== '') attributes['data'] = parseJson(text);
  } else {
    const parsed = parseJson(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error(
        'the message is neither a structured CloudEvent (a JSON object) nor has ce- headers',
      );
    attributes = parsed as Record<string, unknown>;
  }
  // The SDK checks every attribute CloudEvents 1.0 requires (id, source, type, specversion).
  const event = new CloudEvent<JsonValue>(attributes);
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    ...(event.subject === undefined ? {} : { subject: event.subject }),
    ...(event.time === undefined ? {} : { time: event.time }),
    ...(event.data === undefined ? {} : { data: event.data }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('the message body is not JSON');
  }
}

function headersOf(message: JsMsg): Map<string, string> {
  const map = new Map<string, string>();
  const { headers } = message;
  if (headers === undefined) return map;
  for (const name of headers.keys()) map.set(name.toLowerCase(), headers.get(name));
  return map;
}

/** Parks an event (or a message that is none) with why, for an operator to see and retry. */
async function park(views: ViewStore, parked: ParkedInbound): Promise<void> {
  await views.commit([
    {
      projection: inboundProjection,
      changes: [{ view: inboundParkedView, key: parked.id, row: parked as unknown as JsonObject }],
    },
  ]);
}

/** Every parked inbound event, oldest first (the store orders them by when they were parked). */
export async function parkedInbound(views: ViewStore): Promise<ParkedInbound[]> {
  const page = await views.query(inboundParkedView, { sortBy: 'parkedAt' });
  return page.rows.map((row) => row.row as unknown as ParkedInbound);
}

/**
 * Receives a parked event again: what is still due is performed; on success it leaves the parked
 * list, on a refusal it stays with the new reason. Returns the outcome.
 */
export async function retryParkedInbound(
  engine: InboundEngine,
  views: ViewStore,
  id: string,
): Promise<InboundOutcome> {
  const row = await views.get(inboundParkedView, id);
  if (row === undefined) throw new Error(`No parked inbound event '${id}'.`);
  const parked = row.row as unknown as ParkedInbound;
  if (parked.event === null) throw new Error(`'${id}' was not a CloudEvent: nothing to retry.`);
  const outcome = await receiveInbound(engine, inboundMappings(engine.model), parked.event);
  if (outcome.outcome === 'refused') {
    await park(views, { ...parked, act: outcome.act, code: outcome.code, reason: outcome.reason });
  } else {
    await views.commit([
      { projection: inboundProjection, changes: [{ view: inboundParkedView, key: id, row: null }] },
    ]);
  }
  return outcome;
}

/** A running inbox. */
export interface NatsInbox {
  /** Resolves once its stream and durable consumer exist and it takes messages. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Starts consuming a model's inbound events from JetStream (impure); connects and reconnects for ever. */
export function startNatsInbox(
  engine: InboundEngine,
  views: ViewStore,
  options: NatsInboxOptions,
): NatsInbox {
  const mappings = inboundMappings(engine.model);
  const stream = options.stream ?? defaultInboundStream;
  const subjects = options.subjects ?? defaultInboundSubjects(engine.model.name);
  const durable = options.durable ?? `factum-${subjectToken(engine.model.name)}-inbound`;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  // Connected in the loop, so a server that is down at start delays the inbox, not the process.
  let connection: NatsConnection | undefined;
  let messages: ConsumerMessages | undefined;
  let closed = false;
  let consuming: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (consuming = resolve));

  const handle = async (message: JsMsg): Promise<void> => {
    let event: InboundEvent;
    try {
      event = messageEvent(message.data, headersOf(message));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await park(views, {
        id: `${stream}:${message.seq}`,
        type: null,
        mapping: null,
        act: null,
        code: 'NotACloudEvent',
        reason,
        event: null,
        subject: message.subject,
        parkedAt: new Date().toISOString(),
      });
      options.onReceived?.(undefined, { outcome: 'parked', code: 'NotACloudEvent' });
      message.ack();
      return;
    }
    const outcome = await receiveInbound(engine, mappings, event);
    if (outcome.outcome === 'refused')
      await park(views, {
        id: event.id,
        type: event.type,
        mapping: outcome.mapping,
        act: outcome.act,
        code: outcome.code,
        reason: outcome.reason,
        event,
        subject: message.subject,
        parkedAt: new Date().toISOString(),
      });
    options.onReceived?.(event, outcome);
    message.ack();
  };

  const run = async (): Promise<void> => {
    while (!closed) {
      try {
        connection ??= await connectNats(options.url, 'factum-inbox');
        await ensureStream(connection, stream, subjects);
        const manager = await jetstreamManager(connection);
        await manager.consumers.info(stream, durable).catch(() =>
          manager.consumers.add(stream, {
            durable_name: durable,
            ack_policy: AckPolicy.Explicit,
            // One subject as `filter_subject`: servers before 2.10 know no `filter_subjects`.
            ...(subjects.length === 1
              ? { filter_subject: subjects[0] ?? '' }
              : { filter_subjects: [...subjects] }),
            ack_wait: 30_000_000_000,
          }),
        );
        const consumer = await jetstream(connection).consumers.get(stream, durable);
        messages = await consumer.consume({ max_messages: 32 });
        consuming();
        for await (const message of messages) {
          try {
            await handle(message);
          } catch (error) {
            // The store could not be reached (or parking failed): deliver it again shortly.
            options.onError?.(error);
            message.nak(retryDelayMs);
          }
        }
      } catch (error) {
        if (closed) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  };
  const running = run();
  return {
    ready,
    async close() {
      closed = true;
      consuming();
      await messages?.close().catch(() => undefined);
      await connection?.close().catch(() => undefined);
      await running.catch(() => undefined);
    },
  };
}
