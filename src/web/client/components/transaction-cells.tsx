/** A transaction's first cells in a list row: a link to its page, then its status. */
import type { ModelDoc } from '../../../protocol/index.ts';
import { kindName } from '../model.ts';
import { href } from '../router.ts';
import { StatusBadge } from './status-badge.tsx';

/** What a list row says of a transaction besides its id. */
export interface ListedTransaction {
  readonly kind: string;
  readonly status: string;
  readonly pendingRevocation?: { readonly revokes: string } | null | undefined;
}

/**
 * Two cells: the transaction's kind in bold and its id, a link to its page; then its status badge,
 * marked when a revocation awaits its answer.
 */
export function TransactionCells(props: {
  model: ModelDoc | undefined;
  id: string;
  row: ListedTransaction;
}) {
  const { row } = props;
  return (
    <>
      <td>
        <a href={href('tx', props.id)}>
          <strong>{kindName(props.model, row.kind)}</strong> <span class="id">{props.id}</span>
        </a>
      </td>
      <td>
        <StatusBadge status={row.status} revocation={row.pendingRevocation?.revokes} />
      </td>
    </>
  );
}
