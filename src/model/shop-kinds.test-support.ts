/**
 * The shop's transaction kinds as the model tests write them, each a fresh copy a call for tests
 * that break it: the customer's order, the payment the order completer asks of the customer, and
 * the shipment the shipper delivers (roles as in `shopRoles`). None carries a payload; an order's
 * lines, for the tests that check terms, are `orderLinesSchema`.
 */
import type { PayloadSchema } from './model.ts';

function kind<I extends string, E extends string>(
  name: string,
  product: string,
  initiator: I,
  executor: E,
) {
  return { name, product, initiator, executor, example: {} };
}

/** TK01: the customer's order, completed by the order completer. */
export function orderKind() {
  return kind('Order', '[order] is completed', 'CA01', 'A01');
}

/** The payment of an order, which the order completer asks of the customer. */
export function paymentKind() {
  return kind('Payment', '[order] is paid', 'A01', 'CA01');
}

/** The shipment of an order, which the order completer asks of the shipper. */
export function shipmentKind() {
  return kind('Shipment', '[shipment] is delivered', 'A01', 'A02');
}

/** One line of an order: a SKU and a quantity of at least one. */
function orderLine(strict: boolean): PayloadSchema {
  return {
    type: 'object',
    properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
    required: ['sku', 'qty'],
    ...(strict ? { additionalProperties: false } : {}),
  };
}

/**
 * The schema of an order's terms, a fresh copy each call: a list of lines. A `strict` order has at
 * least one line, and a line holds nothing but its SKU and quantity.
 */
export function orderLinesSchema(strict = false): PayloadSchema {
  return {
    type: 'object',
    properties: {
      lines: { type: 'array', ...(strict ? { minItems: 1 } : {}), items: orderLine(strict) },
    },
    required: ['lines'],
  };
}
