/**
 * The order view keys sort in: by Unicode code point, which is the byte order of their UTF-8 form
 * (SQLite's BINARY collation, PostgreSQL's "C" collation), not JavaScript's UTF-16 unit order.
 */

/**
 * Compares two strings by code point: negative, zero or positive (pure).
 * Shifts UTF-16 units so that surrogates (characters above U+FFFF) sort after U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
