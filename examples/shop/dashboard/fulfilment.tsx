/**
 * The fulfilment team's screen, from the shop's `pending-orders` view: every open order, what it
 * awaits, and the acts the team may perform now (from its agenda); parked rule errors below.
 */
import {
  ActBar,
  actorWord,
  formatTime,
  href,
  ParkedPanel,
  StatusBadge,
  useFetch,
  type AgendaRow,
  type ModelDoc,
  type Page,
  type Session,
} from 'factum/dashboard';
import { productBySku } from '../catalog.ts';
import { price } from './products.tsx';

interface PendingRow {
  readonly orderId: string;
  readonly customer: string;
  readonly status: string;
  readonly awaiting: string;
  readonly total: number;
  readonly lines: readonly { readonly sku: string; readonly qty: number }[];
  readonly since: string;
}

/** The pending-orders screen. */
export function FulfilmentScreen(props: { session: Session; model: ModelDoc }) {
  const pending = useFetch<Page<PendingRow>>(
    '/api/views/pending-orders?sort=since&order=desc&limit=200',
  );
  const agenda = useFetch<Page<AgendaRow>>(
    `/api/agenda/${encodeURIComponent(props.session.role)}?limit=500`,
  );
  const acts = new Map((agenda.data?.items ?? []).map((row) => [row.transactionId, row]));
  const rows = pending.data?.items ?? [];
  return (
    <main id="main" tabIndex={-1} class="page">
      <h1>Pending orders</h1>
      <p class="lead">
        Orders not yet completed and what each awaits. Rules promise orders in stock; larger orders
        wait for you.
      </p>
      {pending.error === undefined ? null : (
        <p class="error" role="alert">
          {pending.error}
        </p>
      )}
      <section class="panel">
        {pending.data !== undefined && rows.length === 0 ? (
          <p class="empty">No pending orders.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Order</th>
                <th>Customer</th>
                <th>Lines</th>
                <th class="num">Total</th>
                <th>Status</th>
                <th>Awaiting</th>
                <th>Since</th>
                <th>Acts</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const agendum = acts.get(row.orderId);
                return (
                  <tr key={row.orderId} data-transaction={row.orderId}>
                    <td>
                      <a href={href('tx', row.orderId)}>{row.orderId}</a>
                    </td>
                    <td>{actorWord(row.customer)}</td>
                    <td class="small">
                      {row.lines
                        .map((line) => `${line.qty} × ${productBySku(line.sku)?.name ?? line.sku}`)
                        .join(', ')}
                    </td>
                    <td class="num">{price(row.total)}</td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                    <td>{row.awaiting}</td>
                    <td class="nowrap">{formatTime(row.since)}</td>
                    <td>
                      {agendum === undefined ? (
                        <span class="muted">—</span>
                      ) : (
                        <ActBar
                          id={row.orderId}
                          kind={agendum.kind}
                          terms={agendum.terms}
                          acts={agendum.acts.map((act) => ({ ...act, role: agendum.role }))}
                          subject={`Order ${row.orderId}`}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <ParkedPanel />
    </main>
  );
}
