/**
 * The event model (Event Modeling, Dymitruk) derived from a DEMO model: a timeline of slices, one per
 * act of the basic transaction pattern (request, promise, execute, declare, accept) of every kind,
 * ordered as the process runs (response links start child transactions, wait links hold acts). Each
 * slice has the view its performer reads (the role's agenda, with what the act waits for), the
 * trigger (a person at the role's screen, or the action rule that performs the act — see
 * `actPerformers`), the command (the act, blue) and the event (the fact, orange). The model's own
 * views and ledgers close the timeline (green).
 */
import { businessFactType, type Act, type FactKind, type Party } from '../../core/index.ts';
import type { FactRef, Model } from '../model.ts';
import { actPerformers, basicPatternActs } from './act-performers.ts';

/**
 * What sets a slice off: a person at the role's screen (confirming a rule's proposal, when a rule
 * in `proposal` mode suggests the act), or an action rule of the role.
 */
export type SliceTrigger =
  | {
      readonly type: 'screen';
      /** The rule whose proposal the person confirms. */
      readonly proposedBy?: string;
    }
  | {
      readonly type: 'automation';
      /** The id of the action rule that performs the act. */
      readonly rule: string;
    };

/** One slice of the timeline: view → trigger → command → event. */
export interface Slice {
  readonly index: number;
  readonly kind: string;
  readonly kindName: string;
  readonly act: Act;
  readonly party: Party;
  /** The actor role whose lane the trigger sits in: the performing role. */
  readonly role: string;
  readonly fact: FactKind;
  /** The business event type, e.g. `OrderPromised`. */
  readonly event: string;
  readonly trigger: SliceTrigger;
  /** The view the performer reads first (its agenda); absent on a root transaction's request. */
  readonly view?: {
    readonly name: string;
    /** The fact on the agenda that this act answers. */
    readonly answers?: FactRef;
    readonly waitsFor: readonly FactRef[];
  };
  /** Indexes of the slices whose events feed this slice's view (the fact it responds to, waited-for facts). */
  readonly after: readonly number[];
}

/** A view or ledger of the model, shown at the end of the timeline. */
export interface ModelViewBox {
  readonly name: string;
  readonly type: 'view' | 'ledger';
  readonly description?: string;
  readonly readableBy?: readonly string[];
}

/** The whole event model: swimlanes and the timeline. */
export interface EventModel {
  readonly name: string;
  /** One swimlane per actor role: screens and automations. */
  readonly roleLanes: readonly { readonly id: string; readonly name: string }[];
  /** One event lane per transaction kind. */
  readonly eventLanes: readonly { readonly id: string; readonly name: string }[];
  readonly slices: readonly Slice[];
  readonly views: readonly ModelViewBox[];
}

interface Step {
  readonly kind: string;
  readonly act: Act;
}

function stepKey(kind: string, act: string): string {
  return `${kind}/${act}`;
}

/**
 * Orders the steps as the process runs: a topological order of "happens after" (previous act of
 * the kind, response links, wait links) that goes depth first, so a child transaction follows the
 * fact that starts it. Steps caught in a cycle come last, in model order (pure).
 */
function schedule(steps: readonly Step[], depends: ReadonlyMap<string, readonly string[]>): Step[] {
  const byKey = new Map(steps.map((s) => [stepKey(s.kind, s.act), s]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const s of steps) {
    const key = stepKey(s.kind, s.act);
    const deps = (depends.get(key) ?? []).filter((d) => byKey.has(d));
    waiting.set(key, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), key]);
  }
  const ready = steps
    .map((s) => stepKey(s.kind, s.act))
    .filter((key) => waiting.get(key) === 0)
    .reverse();
  const order: Step[] = [];
  const done = new Set<string>();
  for (let key = ready.pop(); key !== undefined; key = ready.pop()) {
    const step = byKey.get(key);
    if (step === undefined || done.has(key)) continue;
    done.add(key);
    order.push(step);
    const next = (dependents.get(key) ?? []).filter((d) => {
      const left = (waiting.get(d) ?? 0) - 1;
      waiting.set(d, left);
      return left === 0;
    });
    // The kind's own next act goes under the children it starts: children run first (depth first).
    ready.push(...next.reverse());
  }
  for (const step of steps) if (!done.has(stepKey(step.kind, step.act))) order.push(step);
  return order;
}

/** Derives the event model of a model (pure). */
export function eventModel(model: Model): EventModel {
  const performers = actPerformers(model);
  const steps: Step[] = performers.map((p) => ({ kind: p.kind, act: p.act }));
  const performerOf = new Map(performers.map((p) => [stepKey(p.kind, p.act), p]));
  const actOfFact = (kind: string, fact: FactKind): string | undefined => {
    const p = performers.find((s) => s.kind === kind && s.fact === fact);
    return p === undefined ? undefined : stepKey(kind, p.act);
  };
  const responseLinks = model.processModel?.responseLinks ?? [];
  const waitLinks = model.processModel?.waitLinks ?? [];
  const depends = new Map<string, string[]>();
  const addDependency = (key: string, on: string | undefined): void => {
    if (on !== undefined && on !== key) depends.set(key, [...(depends.get(key) ?? []), on]);
  };
  for (const id of Object.keys(model.transactionKinds))
    basicPatternActs.forEach((act, i) => {
      const previous = basicPatternActs[i - 1];
      if (previous !== undefined) addDependency(stepKey(id, act), stepKey(id, previous));
    });
  for (const link of responseLinks)
    addDependency(stepKey(link.to.kind, link.to.act), actOfFact(link.from.kind, link.from.fact));
  for (const link of waitLinks)
    addDependency(
      stepKey(link.act.kind, link.act.act),
      actOfFact(link.waitsFor.kind, link.waitsFor.fact),
    );

  const order = schedule(steps, depends);
  const indexOf = new Map(order.map((s, i) => [stepKey(s.kind, s.act), i]));
  const slices = order.map((step, index): Slice => {
    const performer = performerOf.get(stepKey(step.kind, step.act));
    if (performer === undefined) throw new Error(`no performer of ${step.kind}/${step.act}`);
    const kindName = model.transactionKinds[step.kind]?.name ?? step.kind;
    const waits = waitLinks
      .filter((l) => l.act.kind === step.kind && l.act.act === step.act)
      .map((l) => l.waitsFor);
    const feeding = [
      ...(performer.answers === undefined
        ? []
        : [actOfFact(performer.answers.kind, performer.answers.fact)]),
      ...waits.map((f) => actOfFact(f.kind, f.fact)),
    ]
      .map((key) => (key === undefined ? undefined : indexOf.get(key)))
      .filter((i): i is number => i !== undefined);
    const trigger: SliceTrigger =
      performer.rule === undefined
        ? { type: 'screen' }
        : performer.proposed === true
          ? { type: 'screen', proposedBy: performer.rule }
          : { type: 'automation', rule: performer.rule };
    return {
      index,
      kind: step.kind,
      kindName,
      act: step.act,
      party: performer.party,
      role: performer.role,
      fact: performer.fact,
      event: businessFactType(kindName, performer.fact),
      trigger,
      ...(feeding.length === 0
        ? {}
        : {
            view: {
              name: `agenda of ${model.actorRoles[performer.role]?.name ?? performer.role}`,
              ...(performer.answers === undefined ? {} : { answers: performer.answers }),
              waitsFor: waits,
            },
          }),
      after: [...new Set(feeding)],
    };
  });
  return {
    name: model.name,
    roleLanes: Object.entries(model.actorRoles).map(([id, role]) => ({ id, name: role.name })),
    eventLanes: Object.entries(model.transactionKinds).map(([id, kind]) => ({
      id,
      name: kind.name,
    })),
    slices,
    views: [
      ...(model.views ?? []).map((view) => ({
        name: view.name,
        type: 'view' as const,
        ...(view.description === undefined ? {} : { description: view.description }),
        ...(view.readableBy === undefined ? {} : { readableBy: view.readableBy }),
      })),
      ...(model.ledgers ?? []).map((ledger) => ({
        name: ledger.name,
        type: 'ledger' as const,
        ...(ledger.description === undefined ? {} : { description: ledger.description }),
      })),
    ],
  };
}
