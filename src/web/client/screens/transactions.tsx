/** Every transaction the signed-in actor may see: searched, filtered, sorted and paged by the server. */
import type { ModelDoc, Page, TransactionRow } from '../../../protocol/index.ts';
import { ListControls, listPath, Pager, useListQuery } from '../components/list-controls.tsx';
import { PayloadSummary } from '../components/payload-view.tsx';
import { TransactionListRow } from '../components/transaction-list-row.tsx';
import { formatTime } from '../format.ts';
import { kindName, modelStore } from '../model.ts';
import { href } from '../router.ts';
import { useStore } from '../store.ts';
import { useFetch } from '../use-fetch.ts';
import { actorWord, roleWord } from '../words.ts';
import { ErrorAlert } from '../components/error-alert.tsx';

const pageSize = 25;

/** Who fills a party: the actor, else (before anyone has) the role that will. */
function party(value: unknown, role: string | undefined, model: ModelDoc): string {
  const actor = (value as { actor?: string } | null)?.actor;
  if (actor !== undefined) return actorWord(actor);
  return role === undefined ? '—' : `(${roleWord(model, role)})`;
}

/** The transactions list screen. */
export function TransactionsScreen() {
  const model = useStore(modelStore);
  const { params, cursor } = useListQuery();
  const list = useFetch<Page<TransactionRow> & { nextCursor?: string }>(
    listPath('/api/transactions', params, cursor, pageSize, { sort: 'updatedAt', order: 'desc' }),
  );
  const rows = list.data?.items ?? [];
  if (model === undefined) return null;
  return (
    <main id="main" tabIndex={-1} class="page">
      <h1>Transactions</h1>
      <ListControls
        model={model}
        label="transactions"
        filters={{
          kinds: true,
          statuses: true,
          roles: true,
          actor: true,
          period: true,
          sorts: [
            ['updatedAt', 'Last change'],
            ['createdAt', 'Started'],
            ['status', 'Status'],
            ['kind', 'Kind'],
          ],
        }}
      />
      <ErrorAlert error={list.error} />
      <section class="panel" aria-label="Transactions">
        {list.data !== undefined && rows.length === 0 ? (
          <p class="empty">No transactions match.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Transaction</th>
                <th scope="col">Status</th>
                <th scope="col">Requested by</th>
                <th scope="col">Carried out by</th>
                <th scope="col">Part of</th>
                <th scope="col">Terms</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <TransactionListRow key={row.id} model={model} id={row.id} row={row}>
                  <td>
                    {party(row.initiator, model.transactionKinds[row.kind]?.initiator, model)}
                  </td>
                  <td>{party(row.executor, model.transactionKinds[row.kind]?.executor, model)}</td>
                  <td>
                    {row.parent === null ? (
                      <span class="muted">—</span>
                    ) : (
                      <a href={href('tx', row.parent.transactionId)}>
                        {kindName(model, row.parent.kind)} {row.parent.transactionId}
                      </a>
                    )}
                  </td>
                  <td class="terms">
                    <PayloadSummary
                      value={row.terms}
                      schema={model.transactionKinds[row.kind]?.payload}
                      max={90}
                    />
                  </td>
                  <td class="nowrap">{formatTime(row.updatedAt)}</td>
                </TransactionListRow>
              ))}
            </tbody>
          </table>
        )}
        <Pager page={list.data} shown={rows.length} limit={pageSize} />
      </section>
    </main>
  );
}
