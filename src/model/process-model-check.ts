/**
 * `model check` for the Process Model: what the engine would refuse for ever, found before it runs.
 * Wait-link cycles (acts that wait for each other), wait links to facts the waiting transaction can
 * never see or that never occur, response links from facts that never occur, action rules whose
 * `when` fact never occurs. Pure: a fixpoint over the links, then the strongly connected parts.
 */
import {
  isMandatory,
  linksStarting,
  parentKinds,
  startsChild,
  type Act,
  type FactKind,
  type ProcessLinks,
  type WaitLink,
} from '../core/index.ts';
import type { ModelDocument } from './model.ts';

/** A problem of the Process Model at its path in the model. */
export interface ProcessProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const mainFacts: readonly FactKind[] = [
  'requested',
  'promised',
  'executed',
  'declared',
  'accepted',
];
const mainActs: readonly Act[] = ['request', 'promise', 'execute', 'declare', 'accept'];

/** The main-path fact a side fact follows: a decline needs a request, a rejection a declaration. */
const followsFrom: Partial<Record<FactKind, FactKind>> = {
  declined: 'requested',
  quitted: 'requested',
  rejected: 'declared',
  stopped: 'declared',
  requestRevoked: 'requested',
  promiseRevoked: 'promised',
  declarationRevoked: 'declared',
  acceptanceRevoked: 'accepted',
  revocationAllowed: 'requested',
  revocationRefused: 'requested',
};

const key = (kind: string, fact: FactKind): string => `${kind}/${fact}`;

/** The main-path fact that must occur for a fact to occur (itself for a main-path fact). */
function mainFactOf(fact: FactKind): FactKind {
  return followsFrom[fact] ?? fact;
}

function describeWait(link: WaitLink): string {
  return `[${link.act.kind}/${link.act.act}] waits for (${link.waitsFor.kind}/${link.waitsFor.fact})`;
}

/** Kinds that can share a tree: connected by response links that start children (pure). */
function treeComponents(process: ProcessLinks, kinds: readonly string[]): Map<string, number> {
  const component = new Map<string, number>(kinds.map((k, i) => [k, i]));
  const find = (k: string): number => component.get(k) ?? -1;
  let merged = true;
  while (merged) {
    merged = false;
    for (const link of process.responseLinks ?? []) {
      if (!startsChild(link)) continue;
      const a = find(link.from.kind);
      const b = find(link.to.kind);
      if (a < 0 || b < 0 || a === b) continue;
      const low = Math.min(a, b);
      for (const [k, c] of component) if (c === a || c === b) component.set(k, low);
      merged = true;
    }
  }
  return component;
}

/** The facts that can occur, by a fixpoint over response links and mandatory wait links (pure). */
function reachableFacts(
  process: ProcessLinks,
  kinds: readonly string[],
  visible: (link: WaitLink) => boolean,
  ignored: ReadonlySet<WaitLink> = new Set(),
): Set<string> {
  const reach = new Set<string>();
  const starts = (kind: string): boolean =>
    parentKinds(process, kind).length === 0 ||
    linksStarting(process, kind).some((l) => reach.has(key(l.from.kind, mainFactOf(l.from.fact))));
  const held = (kind: string, act: Act): boolean =>
    (process.waitLinks ?? []).some(
      (l) =>
        l.act.kind === kind &&
        l.act.act === act &&
        isMandatory(l.cardinality) &&
        !ignored.has(l) &&
        (!visible(l) || !reach.has(key(l.waitsFor.kind, mainFactOf(l.waitsFor.fact)))),
    );
  for (let changed = true; changed;) {
    changed = false;
    for (const kind of kinds) {
      mainFacts.forEach((fact, i) => {
        if (reach.has(key(kind, fact))) return;
        const previous = mainFacts[i - 1];
        const ready = previous === undefined ? starts(kind) : reach.has(key(kind, previous));
        if (!ready || held(kind, mainActs[i] ?? 'request')) return;
        reach.add(key(kind, fact));
        changed = true;
      });
    }
  }
  return reach;
}

/** The wait links that lie on a cycle of facts waiting for each other (pure). */
function waitCycles(process: ProcessLinks, kinds: readonly string[]): WaitLink[][] {
  // Nodes are main-path facts; an edge points to what must occur first, labelled by its wait link.
  const edges = new Map<string, { to: string; link?: WaitLink }[]>();
  const add = (from: string, to: string, link?: WaitLink): void => {
    edges.set(from, [...(edges.get(from) ?? []), link === undefined ? { to } : { to, link }]);
  };
  for (const kind of kinds) {
    mainFacts.forEach((fact, i) => {
      const previous = mainFacts[i - 1];
      if (previous !== undefined) add(key(kind, fact), key(kind, previous));
    });
    const starting = linksStarting(process, kind);
    const only = starting.length === 1 ? starting[0] : undefined;
    if (only !== undefined)
      add(key(kind, 'requested'), key(only.from.kind, mainFactOf(only.from.fact)));
  }
  for (const link of process.waitLinks ?? []) {
    const i = mainActs.indexOf(link.act.act);
    const fact = mainFacts[i];
    if (fact === undefined) continue;
    add(key(link.act.kind, fact), key(link.waitsFor.kind, mainFactOf(link.waitsFor.fact)), link);
  }
  // Tarjan's strongly connected components; a component with a wait edge inside is a deadlock.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: WaitLink[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const { to } of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const members = new Set<string>();
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top);
      members.add(top);
      if (top === node) break;
    }
    const links = [...members].flatMap((m) =>
      (edges.get(m) ?? []).flatMap((e) =>
        e.link !== undefined && members.has(e.to) ? [e.link] : [],
      ),
    );
    if (links.length > 0) cycles.push(links);
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/**
 * Checks a model's Process Model for what can never happen: every problem at its path, with the
 * fix named (pure). Assumes the kinds the links name exist (checked before).
 */
export function processModelProblems(
  model: ModelDocument & {
    readonly actionRules?: readonly {
      readonly id: string;
      readonly when: { readonly kind: string; readonly fact: FactKind };
    }[];
  },
): ProcessProblem[] {
  const problems: ProcessProblem[] = [];
  const process: ProcessLinks = {
    ...model.processModel,
    rolesOf: (kind) =>
      Object.hasOwn(model.transactionKinds, kind) ? model.transactionKinds[kind] : undefined,
  };
  const kinds = Object.keys(model.transactionKinds);
  for (const [id, kind] of Object.entries(model.transactionKinds)) {
    if (kind.entityKey !== undefined && kind.entityType === undefined) {
      problems.push({
        path: ['transactionKinds', id, 'entityKey'],
        message: `entityKey names an instance of the kind's entity type, but ${id} has no entityType: add entityType (e.g. the type of the kind whose transactions it refers to)`,
      });
    }
  }
  const component = treeComponents(process, kinds);
  const entityOf = (kind: string): string | undefined => model.transactionKinds[kind]?.entityType;
  const visible = (link: WaitLink): boolean =>
    component.get(link.act.kind) === component.get(link.waitsFor.kind) ||
    (entityOf(link.act.kind) !== undefined &&
      entityOf(link.act.kind) === entityOf(link.waitsFor.kind));
  const cycles = waitCycles(process, kinds);
  const inCycle = new Set(cycles.flat());
  for (const cycle of cycles) {
    const first = Math.min(...cycle.map((l) => (process.waitLinks ?? []).indexOf(l)));
    problems.push({
      path: ['processModel', 'waitLinks', first],
      message: `wait-link cycle: ${cycle.map(describeWait).join(', and ')}; these acts wait for each other and can never happen. Remove one of these wait links, or let it wait for an earlier fact`,
    });
  }
  // A fact that only a cycle holds back is reported with the cycle, not again on its own.
  const withoutCycles = reachableFacts(process, kinds, visible, inCycle);
  // True when the fact occurs, or when only a wait-link cycle (reported above) holds it back.
  const occurs = (kind: string, fact: FactKind): boolean =>
    withoutCycles.has(key(kind, mainFactOf(fact)));
  const why = (kind: string, fact: FactKind): string => {
    if (!withoutCycles.has(key(kind, 'requested'))) {
      const sources = linksStarting(process, kind).map((l) => `(${l.from.kind}/${l.from.fact})`);
      return `no ${kind} ever starts: the response links that start it answer ${sources.join(' or ')}, which never occur`;
    }
    const stuck = mainFacts.find((f) => !withoutCycles.has(key(kind, f))) ?? mainFactOf(fact);
    const act = mainActs[mainFacts.indexOf(stuck)] ?? 'request';
    const holds = (process.waitLinks ?? []).filter(
      (l) => l.act.kind === kind && l.act.act === act && isMandatory(l.cardinality),
    );
    return `${kind} never reaches ${stuck}: ${holds.map(describeWait).join(' and ')}, which never occurs`;
  };
  (process.waitLinks ?? []).forEach((link, i) => {
    if (inCycle.has(link)) return;
    const { kind, fact } = link.waitsFor;
    if (!visible(link)) {
      problems.push({
        path: ['processModel', 'waitLinks', i, 'waitsFor'],
        message: `${describeWait(link)}, but no ${kind} can be in a ${link.act.kind}'s tree or entity instance: no response links connect the two kinds and they share no entityType. Add a response link that starts ${kind} in ${link.act.kind}'s tree, or give both kinds the same entityType (with entityKey naming the instance)`,
      });
    } else if (!occurs(kind, fact)) {
      problems.push({
        path: ['processModel', 'waitLinks', i, 'waitsFor'],
        message: `${describeWait(link)}, which can never occur (${why(kind, fact)}). Fix the links that hold ${kind}, or remove this wait link`,
      });
    }
  });
  (process.responseLinks ?? []).forEach((link, i) => {
    if (occurs(link.from.kind, link.from.fact)) return;
    problems.push({
      path: ['processModel', 'responseLinks', i, 'from'],
      message: `(${link.from.kind}/${link.from.fact}) can never occur (${why(link.from.kind, link.from.fact)}), so this link never starts [${link.to.kind}/${link.to.act}]. Fix the links that hold ${link.from.kind}`,
    });
  });
  (model.actionRules ?? []).forEach((rule, i) => {
    const { kind, fact } = rule.when;
    if (model.transactionKinds[kind] === undefined || occurs(kind, fact)) return;
    problems.push({
      path: ['actionRules', i, 'when'],
      message: `rule '${rule.id}' can never fire: (${kind}/${fact}) can never occur (${why(kind, fact)}). Change 'when', or fix the links that hold ${kind}`,
    });
  });
  return problems;
}
