/** The shop's amounts: integer cents shown as euros (pure). */

/** `3390` → `€33.90` (pure). */
export function euros(cents: number): string {
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
