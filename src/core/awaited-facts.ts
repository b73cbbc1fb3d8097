/**
 * Wait links at run time: `[TK01/execute]` waits for `(TK03/accepted)`. An act is held back while a
 * live transaction of the awaited kind lacks the fact, or, for a mandatory link, while there is none.
 * The awaited transactions are looked for in the act's tree (its own descendants first, else the
 * whole tree) and among the transactions of the same entity instance, in any tree.
 */
import type { Act } from './acts.ts';
import { isInForce } from './facts-in-force.ts';
import { isLive, isMandatory, waitLinksHolding, type ProcessLinks } from './process-links.ts';
import type { AwaitedFact } from './protocol-error.ts';
import type { TransactionState } from './transaction-state.ts';

/** The transactions a wait link may reach from one transaction. */
export interface Reach {
  /** Every transaction of the tree it belongs to, itself included or not. */
  readonly tree: readonly TransactionState[];
  /** The transactions of the same entity instance, from any tree. */
  readonly sameEntity: readonly TransactionState[];
}

/** The transactions under one in the tree: children, their children, … (pure). */
export function descendantsOf(
  id: string,
  tree: readonly TransactionState[],
): readonly TransactionState[] {
  const found: TransactionState[] = [];
  const frontier = [id];
  const seen = new Set(frontier);
  while (frontier.length > 0) {
    const current = frontier.pop();
    for (const member of tree) {
      if (member.parent?.transactionId !== current || member.id === null || seen.has(member.id))
        continue;
      seen.add(member.id);
      found.push(member);
      frontier.push(member.id);
    }
  }
  return found;
}

/** The transactions of a kind a wait link of this transaction looks at (pure). */
function candidatesOf(
  state: TransactionState,
  kind: string,
  reach: Reach,
): readonly TransactionState[] {
  const own = descendantsOf(state.id ?? '', reach.tree).filter((t) => t.kind === kind);
  const inTree =
    own.length > 0 ? own : reach.tree.filter((t) => t.kind === kind && t.id !== state.id);
  const byId = new Map<string, TransactionState>();
  for (const t of [...inTree, ...reach.sameEntity]) {
    if (t.kind === kind && t.id !== null && t.id !== state.id) byId.set(t.id, t);
  }
  return [...byId.values()];
}

/**
 * Every fact an act of a transaction still waits for, by the model's wait links; empty when the act
 * is free to go. A fact awaited in a transaction that exists names it and its status (pure).
 */
export function awaitedFacts(
  process: ProcessLinks,
  state: TransactionState,
  act: Act,
  reach: Reach,
): readonly AwaitedFact[] {
  if (state.kind === null) return [];
  const awaited: AwaitedFact[] = [];
  for (const link of waitLinksHolding(process, state.kind, act)) {
    const { kind, fact } = link.waitsFor;
    const live = candidatesOf(state, kind, reach).filter(isLive);
    for (const t of live) {
      if (!isInForce(t.status, fact))
        awaited.push({ kind, fact, transactionId: t.id ?? '', status: t.status });
    }
    if (live.length === 0 && isMandatory(link.cardinality)) awaited.push({ kind, fact });
  }
  return awaited;
}

/** Describes what an act waits for, for messages: `TK02/accepted in 'p1' (Payment, now promised)` (pure). */
export function describeAwaited(awaited: readonly AwaitedFact[]): string {
  return awaited
    .map((a) => {
      const name = a.kindName === undefined ? '' : `${a.kindName}, `;
      if (a.transactionId === undefined) return `${a.kind}/${a.fact} (${name}none requested yet)`;
      return `${a.kind}/${a.fact} in '${a.transactionId}' (${name}now ${a.status ?? 'open'})`;
    })
    .join('; ');
}
