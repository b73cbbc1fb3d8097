/**
 * The smallest model the model tests build on: a client requests a delivery from a supplier.
 * Each test adds what it checks (rules, links, a second kind) to these parts.
 */

/** The client (environmental) and the supplier. */
export const clientAndSupplier = {
  CA01: { name: 'client', kind: 'environmental' },
  A01: { name: 'supplier' },
} as const;

/** TK01: the client requests a delivery, the supplier delivers it. */
export const deliveryKind = {
  name: 'Delivery',
  product: '[delivery] is done',
  initiator: 'CA01',
  executor: 'A01',
  example: {},
} as const;

/** A whole model of the one kind, under `name`. */
export const deliveryModel = (name: string) =>
  ({ name, actorRoles: clientAndSupplier, transactionKinds: { TK01: deliveryKind } }) as const;
