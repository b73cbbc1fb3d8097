/** The shop's ledger: stock per product, reserved by a promise and consumed when the order is executed. */
import type { LedgerDefinition } from 'factum/model';
import { orderTerms } from './order-terms.ts';

/** Stock per sku: an order's promise reserves its lines; its execution takes them off the shelf. */
export const stockLedger: LedgerDefinition = {
  name: 'stock',
  businessName: 'Stock',
  entityType: 'PRODUCT',
  description: 'Stock on hand per product, reserved by promised orders.',
  kind: 'TK01',
  reserveOn: 'promise',
  consumeOn: 'execute',
  amounts: (terms) => orderTerms(terms).lines.map((line) => ({ key: line.sku, amount: line.qty })),
};
