/**
 * Terms of an order in the example shop (`examples/shop`), for tests that request its TK01: the
 * order lines, shipped to the shop's example address.
 */

/** The shop's example shipping address. */
export const shopAddress = {
  name: 'Alice Example',
  street: '1 Market Street',
  city: 'Utrecht',
  postcode: '3511 AA',
  country: 'NL',
};

/** The terms of a shop order of one line: `qty` of the product `sku`, shipped to the example address. */
export function shopOrderTerms(sku: string, qty: number) {
  return { lines: [{ sku, qty }], shippingAddress: shopAddress };
}
