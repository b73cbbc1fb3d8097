/**
 * A customer's orders, from the shop's `customer-orders` view: each with its payment and shipment,
 * updated live, and the acts allowed now (pay, accept or reject the delivery, revoke the order).
 */
import type { Json, Page } from '../../api-types.ts';
import { AllowedActs } from '../../components/act-bar.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatTime } from '../../format.ts';
import { href } from '../../router.ts';
import { useFetch } from '../../use-fetch.ts';
import { euros } from './money.ts';

interface OrderRow {
  readonly orderId: string;
  readonly status: string;
  readonly lines: readonly { readonly sku: string; readonly qty: number }[];
  readonly total: number;
  readonly payment: { readonly id: string; readonly status: string } | null;
  readonly shipment: { readonly id: string; readonly status: string } | null;
  readonly placedAt: string;
  readonly updatedAt: string;
  readonly note: string | null;
  readonly [key: string]: Json | undefined | readonly unknown[] | object;
}

function Part(props: { title: string; part: { id: string; status: string } | null }) {
  return (
    <div class="part" data-part={props.title.toLowerCase()}>
      <h3>{props.title}</h3>
      {props.part === null ? (
        <span class="muted">not yet</span>
      ) : (
        <>
          <StatusBadge status={props.part.status} />
          <AllowedActs id={props.part.id} subject={`${props.title} ${props.part.id}`} />
        </>
      )}
    </div>
  );
}

/** The customer's orders screen. */
export function OrdersScreen() {
  const orders = useFetch<Page<OrderRow>>(
    '/api/views/customer-orders?partition=order&order=desc&limit=100',
  );
  const rows = [...(orders.data?.items ?? [])].sort((a, b) => b.placedAt.localeCompare(a.placedAt));
  return (
    <main class="page">
      <h1>My orders</h1>
      {orders.error === undefined ? null : (
        <p class="error" role="alert">
          {orders.error}
        </p>
      )}
      {orders.data !== undefined && rows.length === 0 ? (
        <p class="empty">
          No orders yet. <a href="#/x/products">Browse the products</a>.
        </p>
      ) : null}
      {rows.map((order) => (
        <article
          class="panel order"
          key={order.orderId}
          data-order={order.orderId}
          aria-label={`Order ${order.orderId}`}
        >
          <header class="order-head">
            <h2>
              Order <code>{order.orderId}</code>
            </h2>
            <StatusBadge status={order.status} />
            <span class="muted small">placed {formatTime(order.placedAt)}</span>
            <a href={href('tx', order.orderId)} class="push">
              Timeline
            </a>
          </header>
          <p>
            {order.lines.map((line) => `${line.qty} × ${line.sku}`).join(', ')} —{' '}
            <strong>{euros(order.total)}</strong>
          </p>
          {order.note === null ? null : <p class="why">{order.note}</p>}
          <div class="parts">
            <Part title="Payment" part={order.payment} />
            <Part title="Shipment" part={order.shipment} />
            <div class="part" data-part="order">
              <h3>Order</h3>
              <AllowedActs id={order.orderId} subject={`Order ${order.orderId}`} />
            </div>
          </div>
        </article>
      ))}
    </main>
  );
}
