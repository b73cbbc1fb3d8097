/**
 * Generated models for the property tests: kinds `TK0`, `TK1`, … drawn as a tree, each kind after
 * the first requested on a fact of a kind before it, so that every generated model can be drawn.
 */
import type { FactKind } from '../../core/index.ts';
import type { Cardinality, ResponseLink, TransactionKindDef } from '../model.ts';

/** A generated kind: its parties, as numbers the test maps to roles, and which earlier kind is its parent. */
export interface GeneratedKind {
  readonly initiator: number;
  readonly executor: number;
  readonly parent: number;
}

/** The id of the parent of the `i`-th kind (i > 0): one of the kinds before it. */
export function parentOf(kind: GeneratedKind, i: number): string {
  return `TK${kind.parent % i}`;
}

/** How a test writes one generated kind: its names and product, and the link that starts it. */
export interface KindWriting {
  readonly names: Pick<TransactionKindDef, 'name' | 'label' | 'product'>;
  /** The parent's fact that requests the kind. */
  readonly from: FactKind;
  readonly cardinality?: Cardinality;
}

/** The kinds of a generated model and the response links that make them a tree (pure). */
export function kindTree<K extends GeneratedKind>(
  kinds: readonly K[],
  role: (n: number) => string,
  write: (kind: K, i: number) => KindWriting,
): { transactionKinds: Record<string, TransactionKindDef>; responseLinks: ResponseLink[] } {
  const written = kinds.map((kind, i) => ({ kind, i, ...write(kind, i) }));
  return {
    transactionKinds: Object.fromEntries(
      written.map(({ kind, i, names }) => [
        `TK${i}`,
        { ...names, initiator: role(kind.initiator), executor: role(kind.executor), example: {} },
      ]),
    ),
    responseLinks: written.flatMap(({ kind, i, from, cardinality }) =>
      i === 0
        ? []
        : [
            {
              from: { kind: parentOf(kind, i), fact: from },
              to: { kind: `TK${i}`, act: 'request' as const },
              ...(cardinality === undefined ? {} : { cardinality }),
            },
          ],
    ),
  };
}
