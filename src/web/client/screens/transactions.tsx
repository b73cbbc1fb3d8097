/** Every transaction the signed-in actor may see, newest first. */
import type { Page, TransactionRow } from '../api-types.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatTime, summarise } from '../format.ts';
import { href } from '../router.ts';
import { useFetch } from '../use-fetch.ts';

/** The transactions list screen. */
export function TransactionsScreen() {
  const list = useFetch<Page<TransactionRow>>('/api/transactions?order=desc&limit=100');
  const rows = list.data?.items ?? [];
  return (
    <main class="page">
      <h1>Transactions</h1>
      {list.error === undefined ? null : (
        <p class="error" role="alert">
          {list.error}
        </p>
      )}
      <section class="panel">
        {rows.length === 0 ? (
          <p class="empty">No transactions yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Transaction</th>
                <th>Status</th>
                <th>Part of</th>
                <th>Terms</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-transaction={row.id}>
                  <td>
                    <a href={href('tx', row.id)}>
                      <strong>{row.kindName ?? row.kind}</strong> <code>{row.id}</code>
                    </a>
                  </td>
                  <td>
                    <StatusBadge status={row.status} revocation={row.pendingRevocation?.revokes} />
                  </td>
                  <td>
                    {row.parent === null ? (
                      <span class="muted">—</span>
                    ) : (
                      <a href={href('tx', row.parent.transactionId)}>
                        <code>{row.parent.transactionId}</code>
                      </a>
                    )}
                  </td>
                  <td class="terms">
                    <code>{summarise(row.terms, 80)}</code>
                  </td>
                  <td class="nowrap">{formatTime(row.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
