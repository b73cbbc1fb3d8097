/**
 * The event model (Event Modeling, Dymitruk) derived from a DEMO model: a timeline of slices, one per
 * act of the basic transaction pattern (request, promise, execute, declare, accept) of every kind,
 * ordered as the process runs (response links start child transactions, wait links hold acts). Each
 * slice has the view its performer reads (the role's agenda, with what the act waits for), the
 * trigger (a person's screen, or an automation: a response link or an action rule), the command (the
 * act, blue) and the event (the fact, orange). The model's own views close the timeline (green).
 */
import {
  businessFactType,
  standardTransitions,
  type Act,
  type FactKind,
  type Party,
} from '../../core/index.ts';
import type { FactRef, Model } from '../model.ts';

/** The acts of the basic pattern, in the order a successful transaction performs them. */
export const basicPatternActs: readonly Act[] = [
  'request',
  'promise',
  'execute',
  'declare',
  'accept',
];

/** What sets a slice off: a person at a screen, or an automation. */
export type SliceTrigger =
  | { readonly type: 'screen' }
  | {
      readonly type: 'automation';
      /** The response link or action rule that performs the act. */
      readonly by: string;
    };

/** One slice of the timeline: view → trigger → command → event. */
export interface Slice {
  readonly index: number;
  readonly kind: string;
  readonly kindName: string;
  readonly act: Act;
  readonly party: Party;
  /** The actor role whose lane the trigger sits in: the party's role. */
  readonly role: string;
  readonly fact: FactKind;
  /** The business event type, e.g. `OrderPromised`. */
  readonly event: string;
  readonly trigger: SliceTrigger;
  /** The view the performer reads first (its agenda); absent on a root transaction's request. */
  readonly view?: { readonly name: string; readonly waitsFor: readonly FactRef[] };
  /** Indexes of the slices whose events feed this slice's view (the fact it responds to, waited-for facts). */
  readonly after: readonly number[];
}

/** A view of the model, shown at the end of the timeline. */
export interface ModelViewBox {
  readonly name: string;
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
  readonly party: Party;
  readonly fact: FactKind;
}

function stepKey(kind: string, act: string): string {
  return `${kind}/${act}`;
}

/** The basic pattern's transitions, act by act. */
function basicSteps(kind: string): Step[] {
  let from = 'initial';
  return basicPatternActs.map((act) => {
    const t = standardTransitions.find((row) => row.from === from && row.act === act);
    if (t === undefined) throw new Error(`the basic pattern has no ${act} from ${from}`);
    from = t.to;
    return { kind, act, party: t.by, fact: t.fact };
  });
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
  const kinds = Object.entries(model.transactionKinds);
  const steps = kinds.flatMap(([id]) => basicSteps(id));
  const stepByKey = new Map(steps.map((s) => [stepKey(s.kind, s.act), s]));
  const actOfFact = (kind: string, fact: FactKind): string | undefined => {
    const step = steps.find((s) => s.kind === kind && s.fact === fact);
    return step === undefined ? undefined : stepKey(kind, step.act);
  };
  const responseLinks = model.processModel?.responseLinks ?? [];
  const waitLinks = model.processModel?.waitLinks ?? [];
  const depends = new Map<string, string[]>();
  const addDependency = (key: string, on: string | undefined): void => {
    if (on !== undefined && on !== key) depends.set(key, [...(depends.get(key) ?? []), on]);
  };
  for (const [id] of kinds)
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
    const kind = model.transactionKinds[step.kind];
    const kindName = kind?.name ?? step.kind;
    const role = (step.party === 'initiator' ? kind?.initiator : kind?.executor) ?? '?';
    const previousAct = basicPatternActs[basicPatternActs.indexOf(step.act) - 1];
    const previous = previousAct === undefined ? undefined : stepKey(step.kind, previousAct);
    const responses = responseLinks.filter((l) => l.to.kind === step.kind && l.to.act === step.act);
    const waits = waitLinks.filter((l) => l.act.kind === step.kind && l.act.act === step.act);
    const feeding = [
      ...(previous === undefined ? [] : [previous]),
      ...responses.map((l) => actOfFact(l.from.kind, l.from.fact)),
      ...waits.map((l) => actOfFact(l.waitsFor.kind, l.waitsFor.fact)),
    ]
      .map((key) => (key === undefined ? undefined : indexOf.get(key)))
      .filter((i): i is number => i !== undefined);
    const previousFact = previous === undefined ? undefined : stepByKey.get(previous)?.fact;
    // A rule of the performing role is taken to perform the act when it listens to a fact the act
    // waits for, to the fact of a response link to the act, or to the kind's previous fact; a fact
    // that starts something else by a response link is passed over, as a rule on it most likely
    // performs that response instead.
    const respondsElsewhere = (f: FactRef): boolean =>
      responseLinks.some(
        (l) =>
          l.from.kind === f.kind &&
          l.from.fact === f.fact &&
          (l.to.kind !== step.kind || l.to.act !== step.act),
      );
    const candidates: FactRef[][] = [
      waits.map((l) => l.waitsFor).filter((f) => !respondsElsewhere(f)),
      responses.map((l) => l.from),
      previousFact === undefined
        ? []
        : [{ kind: step.kind, fact: previousFact }].filter((f) => !respondsElsewhere(f)),
    ];
    const rules = (model.actionRules ?? []).filter((r) => r.role === role);
    const rule = candidates
      .map((facts) =>
        rules.find((r) => facts.some((f) => f.kind === r.when.kind && f.fact === r.when.fact)),
      )
      .find((r) => r !== undefined);
    const link = responses[0];
    const trigger: SliceTrigger =
      rule !== undefined
        ? { type: 'automation', by: `rule ${rule.id}` }
        : link !== undefined
          ? {
              type: 'automation',
              by: `(${link.from.kind}/${link.from.fact}) → [${link.to.kind}/${link.to.act}]`,
            }
          : { type: 'screen' };
    return {
      index,
      kind: step.kind,
      kindName,
      act: step.act,
      party: step.party,
      role,
      fact: step.fact,
      event: businessFactType(kindName, step.fact),
      trigger,
      ...(feeding.length === 0
        ? {}
        : { view: { name: `agenda ${role}`, waitsFor: waits.map((l) => l.waitsFor) } }),
      after: [...new Set(feeding)],
    };
  });
  return {
    name: model.name,
    roleLanes: Object.entries(model.actorRoles).map(([id, role]) => ({ id, name: role.name })),
    eventLanes: kinds.map(([id, kind]) => ({ id, name: kind.name })),
    slices,
    views: (model.views ?? []).map((view) => ({
      name: view.name,
      ...(view.description === undefined ? {} : { description: view.description }),
      ...(view.readableBy === undefined ? {} : { readableBy: view.readableBy }),
    })),
  };
}
