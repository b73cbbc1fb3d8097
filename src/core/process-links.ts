/**
 * The Process Model's links as data: response links `(TK01/promised) → [TK02/request]` and wait
 * links `[TK01/execute] ⇢ (TK02/accepted)`, with their cardinalities, and the facts about a
 * transaction tree the act plan reads them against. Model files use these shapes as they are.
 */
import type { Act } from './acts.ts';
import type { TransactionState } from './transaction-state.ts';
import type { FactKind } from './transaction-pattern.ts';

/** How many transactions a link may start or waits for: exactly one, at most one, any, at least one. */
export type Cardinality = '1' | '0..1' | '0..n' | '1..n';

/** A fact of a transaction kind, as links refer to it: `(TK01/promised)`. */
export interface FactRef {
  readonly kind: string;
  readonly fact: FactKind;
}

/** An act of a transaction kind, as links refer to it: `[TK02/request]`. */
export interface ActRef {
  readonly kind: string;
  readonly act: Act;
}

/** A response link of the Process Model: `(TK01/promised) → [TK02/request]`. */
export interface ResponseLink {
  readonly from: FactRef;
  readonly to: ActRef;
  readonly cardinality?: Cardinality;
}

/** A wait link of the Process Model: `[TK01/execute]` waits for `(TK03/accepted)`. */
export interface WaitLink {
  readonly act: ActRef;
  readonly waitsFor: FactRef;
  readonly cardinality?: Cardinality;
}

/** The links of a Process Model. */
export interface ProcessLinks {
  readonly responseLinks?: readonly ResponseLink[];
  readonly waitLinks?: readonly WaitLink[];
  /**
   * The initiator and executor roles of a kind, which tell whether a link may also start a
   * transaction beside the fact's (see `startsBeside`); without them it starts children only.
   */
  readonly rolesOf?: (kind: string) => KindRoles | undefined;
}

/** Who initiates and who executes a kind. */
export interface KindRoles {
  readonly initiator: string;
  readonly executor: string;
}

/** The upper bound of a cardinality: 1 for `'1'` and `'0..1'`, unbounded otherwise (pure). */
export function upperBound(cardinality: Cardinality | undefined): number {
  return cardinality === '1' || cardinality === '0..1' ? 1 : Number.POSITIVE_INFINITY;
}

/** Whether a cardinality asks for at least one (`'1'`, `'1..n'`; an absent one means `'1'`) (pure). */
export function isMandatory(cardinality: Cardinality | undefined): boolean {
  return cardinality === undefined || cardinality === '1' || cardinality === '1..n';
}

/**
 * Whether a transaction still counts towards a link: one that was quitted, stopped or whose
 * request was revoked has ended without its product, so a new one may take its place (pure).
 */
export function isLive(state: TransactionState): boolean {
  return state.status !== 'quitted' && state.status !== 'stopped' && state.status !== 'revoked';
}

/** Whether a response link starts a child transaction: it leads to another kind's request (pure). */
export function startsChild(link: ResponseLink): boolean {
  return link.to.act === 'request' && link.to.kind !== link.from.kind;
}

/** The response links that start a kind by its request (pure). */
export function linksStarting(process: ProcessLinks, kind: string): readonly ResponseLink[] {
  return (process.responseLinks ?? []).filter((link) => startsChild(link) && link.to.kind === kind);
}

/** The wait links that hold an act of a kind (pure). */
export function waitLinksHolding(
  process: ProcessLinks,
  kind: string,
  act: Act,
): readonly WaitLink[] {
  return (process.waitLinks ?? []).filter((link) => link.act.kind === kind && link.act.act === act);
}

/**
 * Whether a response link may also start its transaction beside the fact's transaction, under the
 * same parent (pure). It always may start it as a child of the fact's transaction. As in DEMO's
 * process steps, when the started kind's initiator also initiates the fact's kind (and does not
 * execute it), the two are steps of one enclosing process: `(TK02/accepted) → [TK03/request]`, the
 * order completer has the paid order shipped, the shipment beside the payment under the order.
 */
export function startsBeside(process: ProcessLinks, link: ResponseLink): boolean {
  const from = process.rolesOf?.(link.from.kind);
  const to = process.rolesOf?.(link.to.kind);
  if (from === undefined || to === undefined) return false;
  return to.initiator === from.initiator && to.initiator !== from.executor;
}

/** The kinds a transaction of a kind may have as children: by its links, and beside those children (pure). */
export function childKinds(process: ProcessLinks, kind: string): readonly string[] {
  const starting = (process.responseLinks ?? []).filter(startsChild);
  const children = new Set(starting.filter((l) => l.from.kind === kind).map((l) => l.to.kind));
  for (let grown = true; grown;) {
    grown = false;
    for (const link of starting) {
      if (!children.has(link.from.kind) || !startsBeside(process, link)) continue;
      if (link.to.kind === kind || children.has(link.to.kind)) continue;
      children.add(link.to.kind);
      grown = true;
    }
  }
  return [...children];
}

/** The kinds a kind may start under: the parents its response links give it (pure). */
export function parentKinds(process: ProcessLinks, kind: string): readonly string[] {
  const parents = new Set<string>();
  const seen = new Set<string>([kind]);
  const visit = (k: string): void => {
    for (const link of linksStarting(process, k)) {
      parents.add(link.from.kind);
      if (startsBeside(process, link) && !seen.has(link.from.kind)) {
        seen.add(link.from.kind);
        visit(link.from.kind);
      }
    }
  };
  visit(kind);
  return [...parents];
}

/** Describes a link's fact for messages: `(TK01/promised)` (pure). */
export function describeFactRef(ref: FactRef): string {
  return `(${ref.kind}/${ref.fact})`;
}
