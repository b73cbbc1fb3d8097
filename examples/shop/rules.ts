/**
 * The shop's Action Model: what the order completer (A01) does by rule. The customer and the
 * shipper act by hand, from their agendas.
 */
import type { ActionRule, ActIntent } from 'factum/model';
import { initiate, perform } from 'factum/model';
import { catalogCurrency, productBySku } from './catalog.ts';
import { orderTerms, orderTotal } from './order-terms.ts';

type ShopKind = 'TK01' | 'TK02' | 'TK03';
type ShopRole = 'CA01' | 'A01' | 'A02';
type ShopRule = ActionRule<ShopKind, ShopRole>;

/** Orders above this total (in cents) are left to a person to promise or decline. */
export const reviewThreshold = 100_000;

/** A request not promised within this time is declined (ms). */
export const promiseDeadlineMs = 30 * 60 * 1000;

/** The status of a transaction after which its goods have left the warehouse. */
const shipped = new Set(['executed', 'declared', 'accepted', 'rejected']);

/** Rule 1: when an order is requested, promise it if every line is in stock; else decline, naming what is missing. */
const promiseWhenInStock: ShopRule = {
  id: 'promise-when-in-stock',
  description:
    'When an order is requested: if every line is in stock, reserve it and promise; else decline naming the missing items. Large orders are left to a person.',
  role: 'A01',
  when: { kind: 'TK01', fact: 'requested' },
  performs: [
    { kind: 'TK01', act: 'promise' },
    { kind: 'TK01', act: 'decline' },
  ],
  if: async ({ fact, facts }) => {
    const terms = orderTerms(fact.payload);
    if (orderTotal(terms) > reviewThreshold) return true;
    for (const line of terms.lines) {
      if (productBySku(line.sku) === undefined) return false;
      if ((await facts.ledger('stock', line.sku)).available < line.qty) return false;
    }
    return true;
  },
  // The promise reserves the stock in the same atomic append; if another order took it meanwhile,
  // the promise is refused and this rule is decided again on the newest stock.
  then: ({ fact }) =>
    orderTotal(orderTerms(fact.payload)) > reviewThreshold
      ? []
      : [perform(fact.transactionId, 'promise')],
  else: async ({ fact, facts }) => {
    const missing: string[] = [];
    for (const line of orderTerms(fact.payload).lines) {
      const product = productBySku(line.sku);
      if (product === undefined) {
        missing.push(`${line.sku} (not sold here)`);
        continue;
      }
      const { available } = await facts.ledger('stock', line.sku);
      if (available < line.qty)
        missing.push(`${line.sku} (${line.qty} ordered, ${Math.max(available, 0)} in stock)`);
    }
    return [
      perform(fact.transactionId, 'decline', {
        justification: `Not in stock: ${missing.join(', ')}`,
      }),
    ];
  },
};

/** Rule 6: a request that is still not promised when its deadline passes is declined. */
const declineStaleRequest: ShopRule = {
  id: 'decline-stale-request',
  description: 'A request not promised within its deadline is declined automatically.',
  role: 'A01',
  when: { kind: 'TK01', fact: 'requested' },
  performs: [{ kind: 'TK01', act: 'decline' }],
  // Rules run in order: when the stock rule has answered already, there is nothing to wait for.
  if: ({ transaction }) => transaction.status === 'requested',
  then: ({ fact }) => [
    perform(fact.transactionId, 'decline', {
      at: new Date(Date.parse(fact.time) + promiseDeadlineMs).toISOString(),
      justification: 'Not promised within 30 minutes.',
    }),
  ],
};

/** Rule 2: when an order is promised, request its payment from the customer. */
const requestPayment: ShopRule = {
  id: 'request-payment',
  description: 'When an order is promised: request payment (TK02) from the customer.',
  role: 'A01',
  when: { kind: 'TK01', fact: 'promised' },
  performs: [{ kind: 'TK02', act: 'request' }],
  then: ({ transaction }) => {
    const customer = transaction.initiator?.actor;
    return [
      initiate('TK02', {
        payload: {
          orderId: transaction.id ?? '',
          amount: orderTotal(orderTerms(transaction.terms)),
          currency: catalogCurrency,
        },
        ...(customer === undefined ? {} : { addressee: customer }),
      }),
    ];
  },
};

/** The shop accepts a payment as soon as the customer declares it paid. */
const acceptPayment: ShopRule = {
  id: 'accept-payment',
  description: 'When the customer declares a payment done: accept it.',
  role: 'A01',
  when: { kind: 'TK02', fact: 'declared' },
  performs: [{ kind: 'TK02', act: 'accept' }],
  then: ({ fact }) => [perform(fact.transactionId, 'accept')],
};

/** Rule 3: when payment is accepted, request the shipment of the order. */
const requestShipment: ShopRule = {
  id: 'request-shipment',
  description: 'When payment is accepted: request shipment (TK03) of the order.',
  role: 'A01',
  when: { kind: 'TK02', fact: 'accepted' },
  performs: [{ kind: 'TK03', act: 'request' }],
  then: async ({ transaction, facts }) => {
    const orderId = transaction.parent?.transactionId;
    const order = orderId === undefined ? undefined : await facts.transaction(orderId);
    if (orderId === undefined || order === undefined || order.status !== 'promised') return [];
    const terms = orderTerms(order.terms);
    return [
      initiate('TK03', {
        parent: orderId,
        payload: {
          orderId,
          address: terms.shippingAddress,
          lines: terms.lines.map(({ sku, qty }) => ({ sku, qty })),
        },
      }),
    ];
  },
};

/** The shop accepts a shipment when the shipper declares it delivered. */
const acceptShipment: ShopRule = {
  id: 'accept-shipment',
  description: 'When the shipper declares a shipment delivered: accept it.',
  role: 'A01',
  when: { kind: 'TK03', fact: 'declared' },
  performs: [{ kind: 'TK03', act: 'accept' }],
  then: ({ fact }) => [perform(fact.transactionId, 'accept')],
};

/** Rule 4: when the shipment is accepted, execute and declare the order; the customer accepts or rejects. */
const completeOrder: ShopRule = {
  id: 'complete-order',
  description: 'When the shipment is accepted: execute and declare the order.',
  role: 'A01',
  when: { kind: 'TK03', fact: 'accepted' },
  performs: [
    { kind: 'TK01', act: 'execute' },
    { kind: 'TK01', act: 'declare' },
  ],
  then: ({ transaction }) => {
    const orderId = transaction.parent?.transactionId;
    if (orderId === undefined) return [];
    return [
      perform(orderId, 'execute', { payload: { shipment: transaction.id ?? '' } }),
      perform(orderId, 'declare'),
    ];
  },
};

/** Rule 5: answer a customer's revocation: allow before shipment (and revoke the open children), else refuse. */
const answerOrderRevocation: ShopRule = {
  id: 'answer-order-revocation',
  description:
    'When the customer revokes an order: allow if not yet shipped (revoking its open payment and shipment; the stock is released), else refuse.',
  role: 'A01',
  when: { kind: 'TK01', fact: 'requestRevoked' },
  performs: [
    { kind: 'TK01', act: 'allow' },
    { kind: 'TK01', act: 'refuse' },
    { kind: 'TK02', act: 'revoke' },
    { kind: 'TK03', act: 'revoke' },
  ],
  if: async ({ transaction, facts }) => {
    if (shipped.has(transaction.status)) return false;
    const children = await facts.children(transaction.id ?? '');
    return !children.some((child) => child.kind === 'TK03' && shipped.has(child.status));
  },
  then: async ({ transaction, facts }) => {
    const acts: ActIntent[] = [perform(transaction.id ?? '', 'allow', { revokes: 'request' })];
    for (const child of await facts.children(transaction.id ?? '')) {
      const open =
        !['quitted', 'stopped', 'revoked'].includes(child.status) &&
        child.pendingRevocation === null;
      if (open && child.id !== null) {
        acts.push(
          perform(child.id, 'revoke', {
            revokes: 'request',
            justification: 'The order was revoked by the customer.',
          }),
        );
      }
    }
    return acts;
  },
  else: ({ transaction }) => [
    perform(transaction.id ?? '', 'refuse', {
      revokes: 'request',
      justification: 'The order has already been shipped.',
    }),
  ],
};

/** The shop's action rules, in the order they are offered each fact. */
export const shopRules: readonly ShopRule[] = [
  promiseWhenInStock,
  declineStaleRequest,
  requestPayment,
  acceptPayment,
  requestShipment,
  acceptShipment,
  completeOrder,
  answerOrderRevocation,
];
