/**
 * Wait links of the Process Model: `[TK01/execute]` waits for `(TK03/accepted)`. An act with a wait
 * link is refused, naming the fact it waits for, until that fact is in force in the related
 * transactions (children of the kind, else the parent or siblings).
 */
import { isInForce, type Act, type AwaitedFact, type TransactionState } from '../core/index.ts';
import type { Model, WaitLink } from '../model/model.ts';

/** Reads related transactions for the wait-link check. */
export interface RelatedTransactions {
  children(transactionId: string): Promise<readonly TransactionState[]>;
  transaction(transactionId: string): Promise<TransactionState | undefined>;
}

/** The wait links that hold an act of a kind (pure). */
export function waitLinksOf(model: Model, kind: string, act: Act): readonly WaitLink[] {
  return (model.processModel?.waitLinks ?? []).filter(
    (link) => link.act.kind === kind && link.act.act === act,
  );
}

/** Returns the first fact the act still waits for, or undefined when every wait link is satisfied. */
export async function awaitedFact(
  model: Model,
  state: TransactionState,
  act: Act,
  related: RelatedTransactions,
): Promise<AwaitedFact | undefined> {
  if (state.id === null || state.kind === null) return undefined;
  const links = waitLinksOf(model, state.kind, act);
  if (links.length === 0) return undefined;
  const children = await related.children(state.id);
  const parent =
    state.parent === null ? undefined : await related.transaction(state.parent.transactionId);
  const siblings =
    parent?.id == null ? [] : (await related.children(parent.id)).filter((s) => s.id !== state.id);
  for (const link of links) {
    const { kind, fact } = link.waitsFor;
    const candidates = [...children, ...(parent ? [parent] : []), ...siblings].filter(
      (t) => t.kind === kind,
    );
    const mandatory =
      link.cardinality === undefined || link.cardinality === '1' || link.cardinality === '1..n';
    const live = candidates.filter(
      (t) => t.status !== 'revoked' && t.status !== 'quitted' && t.status !== 'stopped',
    );
    const missing = live.find((t) => !isInForce(t.status, fact));
    if (missing !== undefined) return { kind, fact, transactionId: missing.id ?? '' };
    if (mandatory && live.length === 0) return { kind, fact };
  }
  return undefined;
}
