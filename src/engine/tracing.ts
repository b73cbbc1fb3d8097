/**
 * Traces through the OpenTelemetry API: a span per act performed (`factum.perform`), per decision
 * of its plan (`factum.decide`), per append to
 * the store (`factum.append`) and per action-rule run (`factum.rule`), linked as the work flows —
 * an act's facts carry its trace context (`traceparent` in their metadata) to the rules that answer
 * them, in this process or another, and the acts a rule performs are children of its run. Without
 * an OpenTelemetry SDK registered every call here is a no-op.
 */
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { JsonObject } from '../core/index.ts';
import type { Engine } from './engine.ts';
import type { AppendRequest, EventStore, NewEvent, StreamAppend } from './ports/event-store.ts';
import { storeWithAppends } from './store-with-appends.ts';

const tracer = trace.getTracer('factum');

/** Runs `work` in a new active span, ending it with the outcome (an error marks it failed). */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean | undefined>,
  work: (span: Span) => Promise<T>,
  parent: Context = context.active(),
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  const defined = Object.fromEntries(
    Object.entries(attributes).filter(
      (entry): entry is [string, string | number | boolean] => entry[1] !== undefined,
    ),
  );
  return tracer.startActiveSpan(name, { kind, attributes: defined }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs a pure decision in a span of its own (`factum.decide`) when the active trace records; else
 * just runs it, so an untraced act pays one check.
 */
export function decideInSpan<T extends { readonly ok: boolean }>(
  attributes: Record<string, string>,
  decide: () => T,
): T {
  if (trace.getActiveSpan()?.isRecording() !== true) return decide();
  const span = tracer.startSpan('factum.decide', { attributes });
  try {
    const decision = decide();
    span.setAttribute('factum.outcome', decision.ok ? 'planned' : 'refused');
    return decision;
  } finally {
    span.end();
  }
}

/** The trace context a fact's event carries in its metadata (ROOT when none). */
export function traceContextOf(metadata: JsonObject): Context {
  if (typeof metadata.traceparent !== 'string') return context.active();
  return propagation.extract(context.active(), metadata);
}

/** The active trace context as metadata fields (`traceparent`, `tracestate`), none when not recording. */
function traceFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  if (trace.getActiveSpan()?.isRecording() !== true) return fields;
  propagation.inject(context.active(), fields);
  return fields;
}

function withTrace(parts: StreamAppend | readonly StreamAppend[], fields: Record<string, string>) {
  const mark = (event: NewEvent): NewEvent => ({
    ...event,
    metadata: { ...event.metadata, ...fields },
  });
  const each = (part: StreamAppend): StreamAppend => ({ ...part, events: part.events.map(mark) });
  return Array.isArray(parts)
    ? (parts as readonly StreamAppend[]).map(each)
    : each(parts as StreamAppend);
}

/** The parts of an append with the active trace context in their events' metadata (pure but for reading the context). */
export function stampTrace(
  parts: StreamAppend | readonly StreamAppend[],
): StreamAppend | readonly StreamAppend[] {
  const fields = traceFields();
  return Object.keys(fields).length === 0 ? parts : withTrace(parts, fields);
}

/** The engine with a span around every act (pure wrapper; spans only when an SDK records them). */
export function traceEngine(engine: Engine): Engine {
  return {
    ...engine,
    perform: (input) =>
      inSpan(
        `factum.perform ${input.act}`,
        {
          'factum.act': input.act,
          'factum.kind': input.kind,
          'factum.transaction_id': input.transactionId,
          'factum.act_id': input.actId,
          'factum.actor': input.performer.actor,
          'factum.role': input.performer.role,
          'factum.correlation_id': input.correlationId,
          'factum.causation_id': input.causationId,
        },
        async (span) => {
          const result = await engine.perform(input);
          if (result.ok) {
            const first = result.value.facts[0];
            span.setAttributes({
              'factum.outcome': result.value.duplicate ? 'duplicate' : 'appended',
              'factum.transaction_id': result.value.transactionId,
              ...(first === undefined
                ? {}
                : { 'factum.correlation_id': first.correlationId, 'factum.kind': first.kind }),
            });
          } else {
            span.setAttributes({
              'factum.outcome': 'refused',
              'factum.refusal': result.error.code,
            });
          }
          return result;
        },
      ),
  };
}

/**
 * The store with a span around every append, its events stamped with the trace context of the act
 * that appends them; every other member is the store's own.
 */
export function traceStore<Store extends EventStore>(store: Store): Store {
  const append: EventStore['append'] = (parts, options) => {
    const fields = traceFields();
    if (Object.keys(fields).length === 0) return store.append(parts, options);
    return inSpan('factum.append', { 'factum.append.batch_size': 1 }, () =>
      store.append(withTrace(parts, fields), options),
    );
  };
  const batch = store.appendBatch?.bind(store);
  const appendBatch =
    batch === undefined
      ? undefined
      : (requests: readonly AppendRequest[]) => {
          // Each act's events carry its own context: group commit gathers acts of many traces.
          const fields = traceFields();
          if (Object.keys(fields).length === 0) return batch(requests);
          return inSpan('factum.append', { 'factum.append.batch_size': requests.length }, () =>
            batch(requests),
          );
        };
  return storeWithAppends(store, append, appendBatch);
}
