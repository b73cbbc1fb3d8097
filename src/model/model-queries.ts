/**
 * Questions the engine and the UI ask of a model: who initiates and executes a kind, which links
 * leave a fact or hold an act, and the kinds' tree as the response links draw it. All pure.
 */
import type { Act, FactKind } from '../core/index.ts';
import type { ModelDocument, ResponseLink, WaitLink } from './model.ts';

/** The actor role that initiates a kind, or undefined for an unknown kind (pure). */
export function initiatorOf(model: ModelDocument, kindId: string): string | undefined {
  return Object.hasOwn(model.transactionKinds, kindId)
    ? model.transactionKinds[kindId]?.initiator
    : undefined;
}

/** The actor role that executes a kind, or undefined for an unknown kind (pure). */
export function executorOf(model: ModelDocument, kindId: string): string | undefined {
  return Object.hasOwn(model.transactionKinds, kindId)
    ? model.transactionKinds[kindId]?.executor
    : undefined;
}

/** The kinds a role initiates, in model order (pure). */
export function kindsInitiatedBy(model: ModelDocument, roleId: string): string[] {
  return Object.entries(model.transactionKinds)
    .filter(([, kind]) => kind.initiator === roleId)
    .map(([id]) => id);
}

/** The kinds a role executes, in model order (pure). */
export function kindsExecutedBy(model: ModelDocument, roleId: string): string[] {
  return Object.entries(model.transactionKinds)
    .filter(([, kind]) => kind.executor === roleId)
    .map(([id]) => id);
}

/** The response links that leave a fact of a kind: `(TK01/promised) → …` (pure). */
export function responseLinksFrom(
  model: ModelDocument,
  kindId: string,
  fact: FactKind,
): ResponseLink[] {
  return (model.processModel?.responseLinks ?? []).filter(
    (link) => link.from.kind === kindId && link.from.fact === fact,
  );
}

/** The wait links that hold an act of a kind: `[TK01/execute]` waits for … (pure). */
export function waitLinksOf(model: ModelDocument, kindId: string, act: Act): WaitLink[] {
  return (model.processModel?.waitLinks ?? []).filter(
    (link) => link.act.kind === kindId && link.act.act === act,
  );
}

/** Whether a response link starts a child transaction: it leads to the child kind's request. */
function startsChild(link: ResponseLink): boolean {
  return link.to.act === 'request' && link.to.kind !== link.from.kind;
}

/**
 * The kinds whose facts start a kind by a response link to its request: `(TK01/promised) →
 * [TK02/request]` makes TK01 a parent of TK02 (pure).
 */
export function parentKindsOf(model: ModelDocument, kindId: string): string[] {
  const parents = (model.processModel?.responseLinks ?? [])
    .filter((link) => startsChild(link) && link.to.kind === kindId)
    .map((link) => link.from.kind);
  return [...new Set(parents)];
}

/** The kinds a kind starts by response links to their request (pure). */
export function childKindsOf(model: ModelDocument, kindId: string): string[] {
  const children = (model.processModel?.responseLinks ?? [])
    .filter((link) => startsChild(link) && link.from.kind === kindId)
    .map((link) => link.to.kind);
  return [...new Set(children)];
}

/** The kinds no response link starts: the roots of the model's transaction trees (pure). */
export function rootKindsOf(model: ModelDocument): string[] {
  return Object.keys(model.transactionKinds).filter((id) => parentKindsOf(model, id).length === 0);
}
