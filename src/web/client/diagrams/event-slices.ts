/**
 * The event model derived from a model document (pure): one slice per act of the basic pattern of
 * every kind, in the order the process runs — a response link starts the child transaction right
 * after the fact it responds to. Each slice has its trigger (a person's screen, or an automation: an
 * action rule of the performer's role that answers the preceding fact), the command and the event.
 */
import type { ModelDoc } from '../api-types.ts';

/** One column of the event model. */
export interface Slice {
  readonly kind: string;
  readonly kindName: string;
  readonly act: string;
  readonly fact: string;
  readonly factType: string;
  readonly role: string;
  readonly party: 'initiator' | 'executor';
  /** The rule that performs the act automatically, when one does. */
  readonly automation: string | undefined;
  /** The view the performer reads before acting (its agenda), none for a request by hand. */
  readonly view: string | undefined;
}

const basic: readonly { act: string; fact: string; party: 'initiator' | 'executor' }[] = [
  { act: 'request', fact: 'requested', party: 'initiator' },
  { act: 'promise', fact: 'promised', party: 'executor' },
  { act: 'execute', fact: 'executed', party: 'executor' },
  { act: 'declare', fact: 'declared', party: 'executor' },
  { act: 'accept', fact: 'accepted', party: 'initiator' },
];

/** The business fact type: `Order` + `promised` → `OrderPromised` (pure). */
export function factTypeOf(kindName: string, fact: string): string {
  const base = kindName
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return `${base}${fact.charAt(0).toUpperCase()}${fact.slice(1)}`;
}

/** The slices of a model's event model, in process order (pure). */
export function eventSlices(model: ModelDoc): Slice[] {
  const links = model.processModel?.responseLinks ?? [];
  const rules = model.actionRules ?? [];
  const slices: Slice[] = [];
  const done = new Set<string>();
  const kinds = Object.keys(model.transactionKinds);
  const triggeredBy = new Map<string, { kind: string; fact: string }>();
  for (const link of links) {
    if (link.to.act === 'request' && !triggeredBy.has(link.to.kind))
      triggeredBy.set(link.to.kind, link.from);
  }
  const ruleFor = (role: string, kind: string, fact: string | undefined): string | undefined =>
    fact === undefined
      ? undefined
      : rules.find((r) => r.role === role && r.when.kind === kind && r.when.fact === fact)?.id;

  const run = (kindId: string, depth: number): void => {
    const kind = model.transactionKinds[kindId];
    if (kind === undefined || done.has(kindId) || depth > 20) return;
    done.add(kindId);
    let previous: string | undefined = undefined;
    for (const step of basic) {
      const role = step.party === 'initiator' ? kind.initiator : kind.executor;
      const trigger =
        step.act === 'request' ? triggeredBy.get(kindId) : { kind: kindId, fact: previous ?? '' };
      const automation =
        trigger === undefined ? undefined : ruleFor(role, trigger.kind, trigger.fact);
      slices.push({
        kind: kindId,
        kindName: kind.name,
        act: step.act,
        fact: step.fact,
        factType: factTypeOf(kind.name, step.fact),
        role,
        party: step.party,
        automation:
          automation ??
          (step.act === 'request' && trigger !== undefined ? 'response link' : undefined),
        view: step.act === 'request' && trigger === undefined ? undefined : `agenda`,
      });
      previous = step.fact;
      for (const link of links) {
        if (link.from.kind === kindId && link.from.fact === step.fact && link.to.act === 'request')
          run(link.to.kind, depth + 1);
      }
    }
  };
  for (const kindId of kinds) if (!triggeredBy.has(kindId)) run(kindId, 0);
  for (const kindId of kinds) run(kindId, 0);
  return slices;
}

/** Column of each role in the cooperation diagram: initiators of root kinds first, each executor one right (pure). */
export function roleColumns(model: ModelDoc): Map<string, number> {
  const kinds = Object.entries(model.transactionKinds);
  const children = new Set(
    (model.processModel?.responseLinks ?? [])
      .filter((link) => link.to.act === 'request')
      .map((link) => link.to.kind),
  );
  const depth = new Map<string, number>();
  for (const [id, kind] of kinds) if (!children.has(id)) depth.set(kind.initiator, 0);
  if (depth.size === 0 && kinds[0] !== undefined) depth.set(kinds[0][1].initiator, 0);
  for (let changed = true; changed;) {
    changed = false;
    for (const [, kind] of kinds) {
      const d = depth.get(kind.initiator);
      if (d !== undefined && !depth.has(kind.executor)) {
        depth.set(kind.executor, d + 1);
        changed = true;
      }
    }
  }
  let next = Math.max(-1, ...depth.values()) + 1;
  for (const role of Object.keys(model.actorRoles)) if (!depth.has(role)) depth.set(role, next++);
  // One role per column: ties keep model order, shifted right.
  const order = [...depth.entries()].sort((a, b) => a[1] - b[1]);
  return new Map(order.map(([role], index) => [role, index]));
}
