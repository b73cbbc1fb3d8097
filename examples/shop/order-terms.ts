/** Reading an order's terms: its lines, its address, its total from the catalogue. */
import type { JsonValue } from 'factum/core';
import { productBySku } from './catalog.ts';

/** One line of an order. */
export interface OrderLine {
  readonly sku: string;
  readonly qty: number;
}

/** What a customer asks for in an order request. */
export interface OrderTerms {
  readonly lines: readonly OrderLine[];
  readonly shippingAddress: JsonValue;
}

/** The terms of an order request, read defensively from a fact's payload (pure). */
export function orderTerms(payload: JsonValue): OrderTerms {
  const terms = (payload ?? {}) as Partial<OrderTerms>;
  return {
    lines: Array.isArray(terms.lines) ? terms.lines : [],
    shippingAddress: terms.shippingAddress ?? null,
  };
}

/** The order's total in cents at catalogue prices (pure). */
export function orderTotal(terms: OrderTerms): number {
  return terms.lines.reduce(
    (sum, line) => sum + (productBySku(line.sku)?.price ?? 0) * line.qty,
    0,
  );
}
