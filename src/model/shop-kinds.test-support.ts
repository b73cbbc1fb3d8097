/**
 * The shop's transaction kinds as the model tests write them, each a fresh copy a call for tests
 * that break it: the customer's order, the payment the order completer asks of the customer, and
 * the shipment the shipper delivers (roles as in `shopRoles`). None carries a payload.
 */

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
