/**
 * A small shop written only as data, shared by the tests of rules, ledgers and views as data: a
 * customer orders lines of a catalogue, the order completer promises when in stock (else declines
 * with the reason), requests payment with a total derived from the catalogue, accepts it; an order
 * not promised in 30 minutes is declined by a deadline; a large order is only proposed.
 */
import { parseModelSource } from '../load-model.ts';
import type { Model } from '../model.ts';

/** The model's YAML text. */
export const dataShopYaml = `name: data-shop
constants:
  currency: EUR
  reviewAbove: 100000
  catalog:
    MUG-001: { name: Stoneware mug, price: 1250 }
    TEA-010: { name: Green tea, price: 890 }
    SET-070: { name: Tea set, price: 60000 }
actorRoles:
  CA01: { name: customer, kind: environmental, demoActors: [alice, bob] }
  A01: { name: order completer, demoActors: [fran] }
transactionKinds:
  TK01:
    name: Order
    product: "[order] is completed"
    initiator: CA01
    executor: A01
    payload:
      type: object
      properties:
        lines:
          type: array
          minItems: 1
          items:
            type: object
            properties: { sku: { type: string }, qty: { type: integer, minimum: 1 } }
            required: [sku, qty]
      required: [lines]
    example: { lines: [{ sku: MUG-001, qty: 2 }] }
  TK02:
    name: Payment
    product: "[order] is paid"
    initiator: A01
    executor: CA01
    payload:
      type: object
      properties: { orderId: { type: string }, amount: { type: integer }, currency: { type: string } }
      required: [orderId, amount, currency]
    example: { orderId: o1, amount: 1, currency: EUR }
processModel:
  responseLinks:
    - { from: { kind: TK01, fact: promised }, to: { kind: TK02, act: request }, cardinality: '1' }
ledgers:
  - name: stock
    businessName: Stock
    kind: TK01
    reserveOn: promise
    consumeOn: execute
    amounts: "terms.lines.map(l, {'key': l.sku, 'amount': l.qty})"
demoData:
  ledgers: { stock: { MUG-001: 40, TEA-010: 5, SET-070: 3 } }
actionRules:
  - id: promise-when-in-stock
    description: Promise an order whose every line is in stock; else decline, naming what is missing.
    role: A01
    when: { kind: TK01, fact: requested }
    with:
      total: "sum(terms.lines.map(l, l.sku in constants.catalog ? l.qty * constants.catalog[l.sku].price : 0))"
      missing: >-
        terms.lines.filter(l, !(l.sku in constants.catalog)
          || facts.ledger('stock', l.sku).available < l.qty).map(l, l.sku)
    while: "total <= constants.reviewAbove"
    assess:
      truth:
        - name: in-stock
          holds: "size(missing) == 0"
          reason: "'Not in stock: ' + missing.join(', ')"
    then: [promise]
    else:
      - decline: { reason: "reasons.join('; ')" }
  - id: review-large-order
    description: A large order is promised by a person, on the rule's proposal.
    role: A01
    mode: proposal
    when: { kind: TK01, fact: requested }
    with:
      total: "sum(terms.lines.map(l, l.sku in constants.catalog ? l.qty * constants.catalog[l.sku].price : 0))"
    while: "total > constants.reviewAbove"
    assess:
      truth:
        - name: in-stock
          holds: "terms.lines.all(l, facts.ledger('stock', l.sku).available >= l.qty)"
          reason: "'Not enough stock'"
    then: [promise]
    else:
      - decline: { reason: "reasons.join('; ')" }
  - id: decline-stale-request
    role: A01
    when: { kind: TK01, fact: requested }
    after: "duration('30m')"
    while: "transaction.status == 'requested'"
    then:
      - decline: { reason: "'Not promised within 30 minutes.'" }
  - id: request-payment
    role: A01
    when: { kind: TK01, fact: promised }
    with:
      total: "sum(terms.lines.map(l, l.qty * constants.catalog[l.sku].price))"
    then:
      - request:
          kind: TK02
          addressee: transaction.initiator.actor
          terms: { orderId: transaction.id, amount: total, currency: constants.currency }
  - id: accept-payment
    role: A01
    when: { kind: TK02, fact: declared }
    then: [accept]
  - id: answer-revocation
    role: A01
    when: { kind: TK01, fact: requestRevoked }
    assess:
      rightness:
        - name: not-executed
          holds: "transaction.status in ['requested', 'promised']"
          reason: "'The order has already been executed.'"
    then:
      - allow
      - revoke:
          each: "children.filter(c, c.status != 'accepted' && c.pendingRevocation == null)"
          as: child
          transaction: child.id
          revokes: request
          reason: "'The order was revoked.'"
    else:
      - refuse: { reason: "reasons[0]" }
views:
  - name: customer-orders
    readableBy: [CA01, A01]
    rows:
      - on: { kind: TK01 }
        key: fact.transactionId
        partition: "'order'"
        owner: transaction.initiator.actor
        set:
          orderId: fact.transactionId
          status: transaction.status
          total: "sum(transaction.terms.lines.map(l, l.sku in constants.catalog ? l.qty * constants.catalog[l.sku].price : 0))"
          placedAt: "row == null ? string(fact.time) : row.placedAt"
          note: "fact.justification"
      - on: { kind: TK02 }
        if: "parent != null"
        key: parent.id
        set:
          payment: "{'id': transaction.id, 'status': transaction.status}"
      - on: { kind: TK01, fact: [declined, stopped] }
        key: "'count:' + fact.fact"
        partition: "'count'"
        set:
          count: "row == null ? 1 : row.count + 1"
`;

/** The data shop, parsed and compiled; throws if it has a problem (it has none). */
export function dataShopModel(): Model {
  const result = parseModelSource(dataShopYaml);
  if (!result.ok) throw new Error(result.error.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.value;
}
