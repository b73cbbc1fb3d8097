/**
 * Receiving an event from another system: the model's inbound mapping for its CloudEvents `type`
 * turns it into acts, performed in the mapping's actor role through `perform` — the same decision,
 * authorization and refusals as any act. Each act's id is derived from the mapping and the event's
 * id, so an event delivered twice (at-least-once brokers do that) performs nothing the second time,
 * and an event whose first delivery stopped half-way finishes its remaining acts.
 */
import type { JsonValue, ProtocolError, Result } from '../../core/index.ts';
import { compileInbound, type CompiledInbound } from '../../model/data/compile-inbound.ts';
import { ProblemCollector } from '../../model/data/problem-collector.ts';
import { modelTypes, maybeTransaction } from '../../model/data/model-scope.ts';
import { toCel } from '../../model/expressions/cel-values.ts';
import { ExpressionError } from '../../model/expressions/expression-scope.ts';
import type { Model } from '../../model/model.ts';
import type { FactReader } from '../../model/action-rule.ts';
import type { Performed } from '../perform.ts';
import type { PerformInput } from '../perform-input.ts';

/** An event from another system, as CloudEvents 1.0 carries it. */
export interface InboundEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject?: string;
  readonly time?: string;
  readonly data?: JsonValue;
}

/** What receiving an event did. */
export type InboundOutcome =
  /** Its acts were performed (or had been: `duplicates` of them were repeats). */
  | {
      readonly outcome: 'performed';
      readonly mapping: string;
      readonly acts: readonly string[];
      readonly duplicates: number;
    }
  /** The model maps no event of this type: nothing done. */
  | { readonly outcome: 'unmapped' }
  /** An act was refused (or an expression failed): the acts before it stay, the rest wait. */
  | {
      readonly outcome: 'refused';
      readonly mapping: string;
      /** The act refused, as `<act> <transaction>`. */
      readonly act: string;
      readonly code: string;
      readonly reason: string;
    };

/** What receiving needs of the engine: its reader and its perform. */
export interface InboundEngine {
  readonly model: Model;
  readonly reader: FactReader;
  perform(input: PerformInput): Promise<Result<Performed, ProtocolError>>;
}

/** The model's inbound mappings compiled, by event type; throws when they have problems. */
export function inboundMappings(model: Model): ReadonlyMap<string, CompiledInbound> {
  let mappings = compiledMappings.get(model);
  if (mappings === undefined) {
    mappings = compileMappings(model);
    compiledMappings.set(model, mappings);
  }
  return mappings;
}

/** Each model's mappings, compiled once (a retry of many parked events compiles nothing again). */
const compiledMappings = new WeakMap<Model, ReadonlyMap<string, CompiledInbound>>();

function compileMappings(model: Model): ReadonlyMap<string, CompiledInbound> {
  const collector = new ProblemCollector();
  const compiled = compileInbound(model.inbound ?? [], modelTypes(model).root, model, collector);
  if (collector.problems.length > 0)
    throw new Error(
      `The model's inbound mappings have problems: ${collector.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`,
    );
  return new Map(compiled.map((entry) => [entry.mapping.type, entry]));
}

/** The id of the i-th act an event makes a mapping perform: stable across deliveries (pure). */
export function inboundActId(mapping: string, eventId: string, index: number): string {
  return `inbound:${mapping}:${eventId}.${index}`;
}

/** Receives one event: performs the acts its mapping says, in order, or says why not (impure). */
export async function receiveInbound(
  engine: InboundEngine,
  mappings: ReadonlyMap<string, CompiledInbound>,
  event: InboundEvent,
): Promise<InboundOutcome> {
  const compiled = mappings.get(event.type);
  if (compiled === undefined) return { outcome: 'unmapped' };
  const { mapping } = compiled;
  const performed: string[] = [];
  let duplicates = 0;
  let current = 'binding the event';
  try {
    const variables = await compiled.bind(toCel(event as unknown as JsonValue));
    for (const [index, plan] of compiled.acts.entries()) {
      const target = plan.transaction === undefined ? undefined : await plan.transaction(variables);
      current = `${plan.act} ${target ?? plan.kind ?? ''}`.trim();
      const stateOf = async () =>
        target === undefined ? undefined : await engine.reader.transaction(target);
      const due = async (state: Awaited<ReturnType<typeof stateOf>>): Promise<boolean> =>
        plan.due === undefined ||
        (await plan.due({ ...variables, transaction: maybeTransaction(state) }));
      const state = await stateOf();
      if (!(await due(state))) continue;
      const actor =
        [state?.initiator, state?.executor].find((party) => party?.role === mapping.role)?.actor ??
        `system:${mapping.id}`;
      const payload = plan.payload === undefined ? undefined : await plan.payload(variables);
      const reason = plan.reason === undefined ? undefined : await plan.reason(variables);
      const addressee = plan.addressee === undefined ? undefined : await plan.addressee(variables);
      const parent = plan.parent === undefined ? undefined : await plan.parent(variables);
      const result = await engine.perform({
        actId: inboundActId(mapping.id, event.id, index),
        act: plan.act,
        performer: { actor, role: mapping.role },
        causationId: event.id,
        ...(target === undefined ? {} : { transactionId: target }),
        ...(plan.kind === undefined ? {} : { kind: plan.kind }),
        ...(plan.revokes === undefined ? {} : { revokes: plan.revokes }),
        ...(payload === undefined ? {} : { payload }),
        ...(reason === undefined ? {} : { justification: reason }),
        ...(addressee === undefined ? {} : { addressee }),
        ...(parent === undefined ? {} : { parent }),
      });
      // Refused because someone else did it meanwhile (the customer paid by hand while the
      // provider's capture was on its way): an act no longer due is skipped, as it would have been.
      if (!result.ok && plan.due !== undefined && !(await due(await stateOf()))) continue;
      if (!result.ok)
        return {
          outcome: 'refused',
          mapping: mapping.id,
          act: current,
          code: result.error.code,
          reason: result.error.message,
        };
      if (result.value.duplicate) duplicates += 1;
      performed.push(`${plan.act} ${result.value.transactionId}`);
    }
  } catch (error) {
    // An expression that fails on this event refuses it; anything else (the store unreachable) is
    // thrown, so the event is delivered again later.
    if (!(error instanceof ExpressionError)) throw error;
    return {
      outcome: 'refused',
      mapping: mapping.id,
      act: current,
      code: 'ExpressionError',
      reason: error.message,
    };
  }
  return { outcome: 'performed', mapping: mapping.id, acts: performed, duplicates };
}
