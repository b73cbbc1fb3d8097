/**
 * The small model the engine's tests share: a customer buys from a seller, who has a packer pack
 * the sale. Each test composes the kinds it needs.
 */
import { defineModel } from '../model/index.ts';
import type { LedgerDefinition } from '../model/ledger-definition.ts';
import { responseLink } from '../core/process-links.test-support.ts';

/** The actor roles: an environmental customer (personal), a seller and a packer (teams). */
export const saleRoles = {
  CA01: { name: 'customer', kind: 'environmental' },
  A01: { name: 'seller' },
  A02: { name: 'packer' },
} as const;

/** TK01: the customer buys from the seller. */
export const saleKind = {
  name: 'Sale',
  product: '[sale] is done',
  initiator: 'CA01',
  executor: 'A01',
  example: {},
} as const;

/** A kind the seller asks the customer for. */
export const paymentKind = {
  name: 'Payment',
  product: '[sale] is paid',
  initiator: 'A01',
  executor: 'CA01',
  example: {},
} as const;

/** A kind the seller asks the packer for. */
export const packingKind = {
  name: 'Packing',
  product: '[sale] is packed',
  initiator: 'A01',
  executor: 'A02',
  example: {},
} as const;

/** A kind the packer asks the seller for. */
export const checkKind = {
  name: 'Check',
  product: '[packing] is checked',
  initiator: 'A02',
  executor: 'A01',
  example: {},
} as const;

/** The actors who fill the roles in the tests. */
export const alice = { actor: 'alice', role: 'CA01' };
export const bob = { actor: 'bob', role: 'CA01' };
export const seller = { actor: 'sue', role: 'A01' };
export const packer = { actor: 'pat', role: 'A02' };

/** The response links the tests' trees follow: a packing under a sale, a check under a packing. */
export const saleLinks = {
  responseLinks: [
    responseLink('TK01/requested', 'TK03/request', '0..n'),
    responseLink('TK03/promised', 'TK04/request', '0..n'),
  ],
} as const;

/** The sale and its packing, linked: the model of the agent, projection and rebuild tests. */
export function saleWithPackingModel(name: string) {
  return defineModel({
    name,
    actorRoles: saleRoles,
    transactionKinds: { TK01: saleKind, TK03: packingKind },
    processModel: { responseLinks: [saleLinks.responseLinks[0]] },
  });
}

/** The stock ledger of the sale: its terms' quantity reserved on promise and consumed on execute. */
export const stockLedger: LedgerDefinition = {
  name: 'stock',
  businessName: 'Stock',
  kind: 'TK01',
  reserveOn: 'promise',
  consumeOn: 'execute',
  amounts: (terms) => {
    const { sku, qty } = terms as { sku: string; qty: number };
    return [{ key: sku, amount: qty }];
  },
};
