/** The shop's product catalogue: what demo data stocks and what scenarios order. */

/** A product of the catalogue: price in cents, stock received when the demo starts. */
export interface CatalogProduct {
  readonly sku: string;
  readonly name: string;
  /** Unit price in cents (EUR). */
  readonly price: number;
  readonly initialStock: number;
}

/** The currency of every price in the catalogue. */
export const catalogCurrency = 'EUR';

/** Eight products, one of them scarce so that concurrent orders compete for the last items. */
export const catalog: readonly CatalogProduct[] = [
  { sku: 'MUG-001', name: 'Stoneware mug', price: 1250, initialStock: 40 },
  { sku: 'TEA-010', name: 'Sencha green tea, 100 g', price: 890, initialStock: 120 },
  { sku: 'POT-020', name: 'Cast-iron teapot', price: 5900, initialStock: 8 },
  { sku: 'KET-030', name: 'Gooseneck kettle', price: 7450, initialStock: 12 },
  { sku: 'FLT-040', name: 'Paper filters, 100 pcs', price: 499, initialStock: 200 },
  { sku: 'GRN-050', name: 'Burr coffee grinder', price: 12900, initialStock: 5 },
  { sku: 'BEA-060', name: 'Single-origin beans, 250 g', price: 1490, initialStock: 60 },
  { sku: 'LTD-070', name: 'Limited-edition tea set', price: 18900, initialStock: 2 },
];

/** Finds a product by sku, or undefined (pure). */
export function productBySku(sku: string): CatalogProduct | undefined {
  return catalog.find((product) => product.sku === sku);
}
