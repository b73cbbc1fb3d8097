/** The shop's product list for a customer: skus with the stock available, a basket, and "Place order". */
import { useState } from 'preact/hooks';
import { describeError, post } from '../../api.ts';
import type { ActAnswer, Json, LedgerRow, ModelDoc, Page } from '../../api-types.ts';
import { SchemaFields } from '../../components/schema-form.tsx';
import { refreshNow } from '../../live.ts';
import { navigate } from '../../router.ts';
import { initialValue } from '../../schema-values.ts';
import type { Session } from '../../session.ts';
import { useFetch } from '../../use-fetch.ts';

const orderKind = 'TK01';

/** The products screen. */
export function ProductsScreen(props: { session: Session; model: ModelDoc }) {
  const stock = useFetch<Page<LedgerRow>>('/api/ledgers/stock');
  const kind = props.model.transactionKinds[orderKind];
  const addressSchema = kind?.payload?.properties?.['shippingAddress'];
  const example = kind?.example;
  const exampleAddress =
    typeof example === 'object' && example !== null && !Array.isArray(example)
      ? example['shippingAddress']
      : undefined;
  const [basket, setBasket] = useState<Record<string, number>>({});
  const [address, setAddress] = useState<Json>(() => initialValue(addressSchema, exampleAddress));
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const lines = Object.entries(basket)
    .filter(([, qty]) => qty > 0)
    .map(([sku, qty]) => ({ sku, qty }));
  const rows = [...(stock.data?.items ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <main class="page">
      <h1>Products</h1>
      <p class="lead">Choose quantities, check the address, and place your order.</p>
      <div class="split">
        <section class="panel" aria-labelledby="products-title">
          <h2 id="products-title">In stock</h2>
          {stock.error === undefined ? null : (
            <p class="error" role="alert">
              {stock.error}
            </p>
          )}
          <table>
            <thead>
              <tr>
                <th>Product (sku)</th>
                <th class="num">Available</th>
                <th class="num">Reserved</th>
                <th>Quantity</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-sku={row.key}>
                  <td>
                    <code>{row.key}</code>
                  </td>
                  <td class="num">
                    {row.available > 0 ? (
                      row.available
                    ) : (
                      <span class="badge badge-danger">sold out</span>
                    )}
                  </td>
                  <td class="num muted">{row.reserved}</td>
                  <td>
                    <input
                      type="number"
                      class="qty"
                      min={0}
                      step={1}
                      aria-label={`Quantity of ${row.key}`}
                      value={basket[row.key] ?? 0}
                      onInput={(event) => {
                        const qty = Math.max(0, Math.floor(Number(event.currentTarget.value) || 0));
                        setBasket({ ...basket, [row.key]: qty });
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <form
          class="panel form"
          aria-label="Place order"
          onSubmit={(event) => {
            event.preventDefault();
            setBusy(true);
            setError(undefined);
            post<ActAnswer>('/api/transactions', {
              kind: orderKind,
              payload: { lines, shippingAddress: address },
            }).then(
              () => {
                setBusy(false);
                setBasket({});
                refreshNow();
                navigate('/x/orders');
              },
              (failure: unknown) => {
                setBusy(false);
                setError(describeError(failure));
              },
            );
          }}
        >
          <h2>Your order</h2>
          {lines.length === 0 ? (
            <p class="empty">Your basket is empty.</p>
          ) : (
            <ul class="basket">
              {lines.map((line) => (
                <li key={line.sku}>
                  {line.qty} × <code>{line.sku}</code>
                </li>
              ))}
            </ul>
          )}
          {addressSchema === undefined ? null : (
            <SchemaFields
              schema={addressSchema}
              value={address}
              onChange={setAddress}
              name="shippingAddress"
            />
          )}
          {error === undefined ? null : (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="btn btn-primary" disabled={busy || lines.length === 0}>
            Place order
          </button>
        </form>
      </div>
    </main>
  );
}
