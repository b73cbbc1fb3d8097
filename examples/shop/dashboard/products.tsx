/**
 * The shop's products for a customer: the catalogue with names, prices and the stock available
 * (live), a basket with its total, the customer's own shipping address (from the last order, else
 * to fill in), and a confirmation once the order is placed.
 */
import { useRef, useState } from 'preact/hooks';
import {
  actorWord,
  describeError,
  formatMoney,
  href,
  newIdempotencyKey,
  perform,
  refreshNow,
  SchemaFields,
  scrollIntoViewOnMount,
  useFetch,
  isJsonObject,
  type Json,
  type LedgerRow,
  type ModelDoc,
  type Page,
  type Session,
  type TransactionRow,
} from 'factum/dashboard';
import { catalog, catalogCurrency } from '../catalog.ts';

const orderKind = 'TK01';

/** The price of an amount in cents, in the catalogue's currency (pure). */
export function price(cents: number): string {
  return formatMoney(cents, catalogCurrency, 2);
}

function blankAddress(actor: string): Json {
  return { name: actorWord(actor), street: '', city: '', postcode: '', country: '' };
}

function lastAddress(rows: readonly TransactionRow[] | undefined): Json | undefined {
  const terms = rows?.[0]?.terms;
  if (!isJsonObject(terms)) return undefined;
  const address = terms['shippingAddress'];
  return typeof address === 'object' && address !== null ? address : undefined;
}

function AddressForm(props: {
  schema: Parameters<typeof SchemaFields>[0]['schema'];
  initial: Json;
  onChange: (value: Json) => void;
}) {
  const [value, setValue] = useState<Json>(props.initial);
  return (
    <fieldset class="fields">
      <legend>Shipping address</legend>
      <SchemaFields
        schema={props.schema}
        value={value}
        onChange={(next) => {
          setValue(next);
          props.onChange(next);
        }}
        name="shippingAddress"
      />
    </fieldset>
  );
}

/** The products screen. */
export function ProductsScreen(props: { session: Session; model: ModelDoc }) {
  const stock = useFetch<Page<LedgerRow>>('/api/ledgers/stock');
  const previous = useFetch<Page<TransactionRow>>(
    `/api/transactions?kind=${orderKind}&sort=createdAt&order=desc&limit=1`,
    { live: false },
  );
  const addressSchema =
    props.model.transactionKinds[orderKind]?.payload?.properties?.['shippingAddress'];
  const [basket, setBasket] = useState<Record<string, number>>({});
  const [address, setAddress] = useState<Json | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [placed, setPlaced] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const attempt = useRef<string | undefined>(undefined);
  const available = new Map((stock.data?.items ?? []).map((row) => [row.key, row.available]));
  const lines = catalog
    .map((product) => ({ product, qty: basket[product.sku] ?? 0 }))
    .filter((line) => line.qty > 0);
  const total = lines.reduce((sum, line) => sum + line.qty * line.product.price, 0);
  const startAddress = lastAddress(previous.data?.items) ?? blankAddress(props.session.actor);
  return (
    <main id="main" tabIndex={-1} class="page">
      <h1>Products</h1>
      <p class="lead">
        Choose quantities, check your address, and place your order. Stock updates as others order.
      </p>
      {placed === undefined ? null : (
        <p class="notice" role="status" ref={scrollIntoViewOnMount}>
          Thank you — your order <a href={href('tx', placed)}>{placed}</a> is placed. We will
          confirm it shortly; follow it under <a href="#/x/orders">My orders</a>.
        </p>
      )}
      <div class="split">
        <section class="panel" aria-labelledby="products-title">
          <h2 id="products-title">Catalogue</h2>
          {stock.error === undefined ? null : (
            <p class="error" role="alert">
              {stock.error}
            </p>
          )}
          <table>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" class="num">
                  Price
                </th>
                <th scope="col" class="num">
                  In stock
                </th>
                <th scope="col">Quantity</th>
              </tr>
            </thead>
            <tbody>
              {catalog.map((product) => {
                const left = available.get(product.sku);
                return (
                  <tr key={product.sku} data-sku={product.sku}>
                    <td>
                      {product.name} <span class="muted small">{product.sku}</span>
                    </td>
                    <td class="num">{price(product.price)}</td>
                    <td class="num" data-available={left ?? ''}>
                      {left === undefined ? (
                        '…'
                      ) : left > 0 ? (
                        left
                      ) : (
                        <span class="badge badge-danger">sold out</span>
                      )}
                    </td>
                    <td>
                      <input
                        type="number"
                        class="qty"
                        min={0}
                        step={1}
                        {...(left === undefined ? {} : { max: left })}
                        aria-label={`Quantity of ${product.name}`}
                        value={basket[product.sku] ?? 0}
                        onInput={(event) => {
                          const qty = Math.max(
                            0,
                            Math.floor(Number(event.currentTarget.value) || 0),
                          );
                          setBasket({ ...basket, [product.sku]: qty });
                          setPlaced(undefined);
                        }}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <form
          class="panel form"
          aria-label="Your order"
          onSubmit={(event) => {
            event.preventDefault();
            setBusy(true);
            setError(undefined);
            attempt.current ??= newIdempotencyKey();
            perform<{ transactionId: string }>(
              '/api/transactions',
              {
                kind: orderKind,
                payload: {
                  lines: lines.map((line) => ({ sku: line.product.sku, qty: line.qty })),
                  shippingAddress: address ?? startAddress,
                },
              },
              attempt.current,
            ).then(
              (answer) => {
                attempt.current = undefined;
                setBusy(false);
                setBasket({});
                setPlaced(answer.transactionId);
                refreshNow();
              },
              (failure: unknown) => {
                setBusy(false);
                setError(describeError(failure));
              },
            );
          }}
        >
          <h2>Your basket</h2>
          {lines.length === 0 ? (
            <p class="empty">Your basket is empty.</p>
          ) : (
            <table class="basket">
              <tbody>
                {lines.map((line) => (
                  <tr key={line.product.sku}>
                    <td>
                      {line.qty} × {line.product.name}
                    </td>
                    <td class="num">{price(line.qty * line.product.price)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td class="num" data-total>
                    <strong>{price(total)}</strong>
                  </td>
                </tr>
              </tfoot>
            </table>
          )}
          {addressSchema === undefined || previous.data === undefined ? null : (
            <AddressForm schema={addressSchema} initial={startAddress} onChange={setAddress} />
          )}
          {error === undefined ? null : (
            <p class="error" role="alert" ref={scrollIntoViewOnMount}>
              {error}
            </p>
          )}
          <button type="submit" class="btn btn-primary" disabled={busy || lines.length === 0}>
            {lines.length === 0 ? 'Place order' : `Place order (${price(total)})`}
          </button>
        </form>
      </div>
    </main>
  );
}
