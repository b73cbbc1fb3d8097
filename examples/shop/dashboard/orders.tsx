/**
 * A customer's orders, from the shop's `customer-orders` view, updated live: what was ordered (by
 * name, with the total), what happens next, a single "Pay" step for the payment the shop asks
 * for, and the acts left to the customer (accept or reject the delivery, revoke the order).
 */
import { useRef, useState } from 'preact/hooks';
import {
  AllowedActs,
  describeError,
  formatTime,
  get,
  href,
  newIdempotencyKey,
  perform,
  refreshNow,
  StatusBadge,
  useFetch,
  type AllowedAct,
  type Page,
} from 'factum/dashboard';
import { productBySku } from '../catalog.ts';
import { price } from './products.tsx';

interface Part {
  readonly id: string;
  readonly status: string;
}

interface OrderRow {
  readonly orderId: string;
  readonly status: string;
  readonly lines: readonly { readonly sku: string; readonly qty: number }[];
  readonly total: number;
  readonly payment: Part | null;
  readonly shipment: Part | null;
  readonly placedAt: string;
  readonly updatedAt: string;
  readonly note: string | null;
}

/** What the customer reads about an order's progress (pure). */
export function nextStep(order: OrderRow): string {
  if (order.status === 'requested') return 'The shop is checking your order.';
  if (order.status === 'declined') return 'The shop could not take this order.';
  if (order.status === 'revoked') return 'This order was cancelled.';
  if (order.status === 'accepted') return 'Delivered and completed. Thank you!';
  if (order.status === 'declared') return 'Delivered: please confirm you received it.';
  if (order.payment === null || order.payment.status === 'requested')
    return 'Please pay to have it shipped.';
  if (order.payment.status !== 'accepted') return 'Your payment is being confirmed.';
  if (order.shipment?.status === 'accepted') return 'Shipped; the shop completes your order.';
  return 'Paid. Your order is being shipped.';
}

/** Paying, in DEMO's terms: the customer promises, executes and declares the payment. */
const payActs = ['promise', 'execute', 'declare'];

function PayButton(props: { payment: Part; total: number }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const keys = useRef<Record<string, string>>({});
  if (!['requested', 'promised', 'executed'].includes(props.payment.status)) return null;
  const pay = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      for (const act of payActs) {
        const allowed = await get<{ allowed: readonly AllowedAct[] }>(
          `/api/transactions/${encodeURIComponent(props.payment.id)}/allowed`,
        );
        if (!allowed.allowed.some((a) => a.act === act)) continue;
        keys.current[act] ??= newIdempotencyKey();
        await perform(
          `/api/transactions/${encodeURIComponent(props.payment.id)}/acts/${act}`,
          { role: 'CA01' },
          keys.current[act],
        );
      }
      keys.current = {};
      refreshNow();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="pay">
      <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void pay()}>
        Pay {price(props.total)}
      </button>
      {error === undefined ? null : (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The customer's orders screen. */
export function OrdersScreen() {
  const orders = useFetch<Page<OrderRow>>(
    '/api/views/customer-orders?partition=order&sort=placedAt&order=desc&limit=100',
  );
  const rows = orders.data?.items ?? [];
  return (
    <main id="main" tabIndex={-1} class="page">
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
          aria-labelledby={`order-${order.orderId}`}
        >
          <header class="order-head">
            <h2 id={`order-${order.orderId}`}>Order {order.orderId}</h2>
            <StatusBadge status={order.status} />
            <span class="muted small">placed {formatTime(order.placedAt)}</span>
            <a href={href('tx', order.orderId)} class="push">
              Details and history
            </a>
          </header>
          <p class="next-step">{nextStep(order)}</p>
          <table class="basket">
            <tbody>
              {order.lines.map((line) => {
                const product = productBySku(line.sku);
                return (
                  <tr key={line.sku}>
                    <td>
                      {line.qty} × {product?.name ?? line.sku}
                    </td>
                    <td class="num">
                      {product === undefined ? '' : price(line.qty * product.price)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td class="num">
                  <strong>{price(order.total)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
          {order.note === null ? null : <p class="why">{order.note}</p>}
          <div class="parts">
            <div class="part" data-part="payment">
              <h3>Payment</h3>
              {order.payment === null ? (
                <span class="muted">not asked yet</span>
              ) : (
                <>
                  <StatusBadge status={order.payment.status} />
                  <PayButton payment={order.payment} total={order.total} />
                </>
              )}
            </div>
            <div class="part" data-part="shipment">
              <h3>Shipment</h3>
              {order.shipment === null ? (
                <span class="muted">not yet</span>
              ) : (
                <StatusBadge status={order.shipment.status} />
              )}
            </div>
            <div class="part" data-part="order">
              <h3>Your order</h3>
              <AllowedActs id={order.orderId} subject={`Order ${order.orderId}`} />
            </div>
          </div>
        </article>
      ))}
    </main>
  );
}
