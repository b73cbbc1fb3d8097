/**
 * The Process Model of a model as DEMO's Process Structure Diagram draws it: per transaction kind
 * the steps of its basic pattern (request, promise, execute, declare, accept — coordination steps
 * and the production step), who performs each, and between kinds the response links (a fact of one
 * kind leads to an act of another, with its cardinality) and the wait links (an act waits for a
 * fact, with its cardinality).
 */
import type { ActRef, Cardinality, FactRef, Model } from '../model.ts';
import { actPerformers, type ActPerformer } from './act-performers.ts';

/** One step of a kind's basic pattern: the act, the fact it brings about and who performs it. */
export interface ProcessStep extends Pick<
  ActPerformer,
  'act' | 'fact' | 'party' | 'role' | 'rule' | 'proposed'
> {
  /** Execute is the production step; the others are coordination steps. */
  readonly production: boolean;
}

/** A transaction kind with its steps. */
export interface ProcessKind {
  readonly id: string;
  readonly label: string;
  readonly initiator: string;
  readonly executor: string;
  readonly steps: readonly ProcessStep[];
  /** How many response links lie between a root kind and this one (0 for a root). */
  readonly depth: number;
}

/** A link of the Process Model between a fact and an act. */
export interface ProcessLink {
  readonly type: 'response' | 'wait';
  readonly fact: FactRef;
  readonly act: ActRef;
  readonly cardinality?: Cardinality;
}

/** Everything a Process Structure Diagram draws. */
export interface ProcessStructure {
  readonly name: string;
  readonly kinds: readonly ProcessKind[];
  readonly links: readonly ProcessLink[];
}

/** Builds the Process Structure of a model: kinds in tree order (parents before children), their steps and links (pure). */
export function processStructure(model: Model): ProcessStructure {
  const responseLinks = model.processModel?.responseLinks ?? [];
  const waitLinks = model.processModel?.waitLinks ?? [];
  const performers = actPerformers(model);
  const kindIds = Object.keys(model.transactionKinds);
  const children = (parent: string): string[] =>
    responseLinks
      .filter((l) => l.from.kind === parent && l.to.kind !== parent)
      .map((l) => l.to.kind);
  const isChild = new Set(
    responseLinks.filter((l) => l.from.kind !== l.to.kind).map((l) => l.to.kind),
  );
  const depth = new Map<string, number>();
  const order: string[] = [];
  const visit = (id: string, d: number): void => {
    if (depth.has(id)) return;
    depth.set(id, d);
    order.push(id);
    for (const child of children(id)) visit(child, d + 1);
  };
  for (const id of kindIds) if (!isChild.has(id)) visit(id, 0);
  for (const id of kindIds) visit(id, 0);
  return {
    name: model.name,
    kinds: order.map((id): ProcessKind => {
      const kind = model.transactionKinds[id];
      return {
        id,
        label: kind?.label ?? kind?.name ?? id,
        initiator: kind?.initiator ?? '',
        executor: kind?.executor ?? '',
        depth: depth.get(id) ?? 0,
        steps: performers
          .filter((p) => p.kind === id)
          .map((p) => ({
            act: p.act,
            fact: p.fact,
            party: p.party,
            role: p.role,
            ...(p.rule === undefined ? {} : { rule: p.rule }),
            ...(p.proposed === true ? { proposed: true } : {}),
            production: p.act === 'execute',
          })),
      };
    }),
    links: [
      ...responseLinks.map((l): ProcessLink => ({
        type: 'response',
        fact: l.from,
        act: l.to,
        ...(l.cardinality === undefined ? {} : { cardinality: l.cardinality }),
      })),
      ...waitLinks.map((l): ProcessLink => ({
        type: 'wait',
        fact: l.waitsFor,
        act: l.act,
        ...(l.cardinality === undefined ? {} : { cardinality: l.cardinality }),
      })),
    ],
  };
}
