/** A transaction's row in a list: a link to its page and its status first, then the list's own cells. */
import type { ComponentChildren } from 'preact';
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
 * The row (`data-transaction` its id): the transaction's kind in bold and its id, a link to its page;
 * its status badge, marked when a revocation awaits its answer; then `children`, the list's cells.
 */
export function TransactionListRow(props: {
  model: ModelDoc | undefined;
  id: string;
  row: ListedTransaction;
  children: ComponentChildren;
}) {
  const { row } = props;
  return (
    <tr data-transaction={props.id}>
      <td>
        <a href={href('tx', props.id)}>
          <strong>{kindName(props.model, row.kind)}</strong> <span class="id">{props.id}</span>
        </a>
      </td>
      <td>
        <StatusBadge status={row.status} revocation={row.pendingRevocation?.revokes} />
      </td>
      {props.children}
    </tr>
  );
}
