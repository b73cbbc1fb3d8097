/**
 * Text measured without a DOM: widths from Helvetica's (and Arial's, which shares them) advance
 * widths, so a layout computed on the server or in the CLI gives every label room enough in any
 * browser. Estimates err on the wide side; the tests check labels against the same estimate.
 */

// Advance widths of Helvetica for the printable ASCII characters, in thousandths of an em (AFM).
const helvetica: readonly number[] = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
  222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** The font every diagram is drawn in (an SVG `font-family`). */
export const diagramFont = 'Helvetica, Arial, "Liberation Sans", sans-serif';

/** How a piece of text is set: size in px, bold or not. */
export interface TextStyle {
  readonly size: number;
  readonly bold?: boolean;
}

/** The estimated width of a text in px, a little wider than any sans-serif renders it (pure). */
export function textWidth(text: string, style: TextStyle): number {
  let ems = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const ascii = code >= 32 && code < 127 ? helvetica[code - 32] : undefined;
    // Outside ASCII: letters with accents are about as wide as 'n'; symbols (⚙, →) take a full em.
    ems += (ascii ?? (/\p{L}/u.test(char) ? 600 : 1000)) / 1000;
  }
  // Bold Helvetica is about 7% wider; 6% more covers fonts that stand in for it (DejaVu Sans).
  return Math.ceil(ems * style.size * (style.bold === true ? 1.07 : 1) * 1.06);
}

/** The height of one line of text in px (pure). */
export function lineHeight(style: TextStyle): number {
  return Math.ceil(style.size * 1.25);
}

/** Splits a word wider than `maxWidth` at its humps (`PenaltySettlement` `Requested`), else between characters (pure). */
function breakWord(word: string, maxWidth: number, style: TextStyle): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const part of word.split(/(?<=[a-z0-9])(?=[A-Z])/)) {
    if (piece !== '' && textWidth(piece + part, style) > maxWidth) {
      pieces.push(piece);
      piece = part;
    } else piece += part;
  }
  if (piece !== '') pieces.push(piece);
  return pieces.flatMap((p) =>
    textWidth(p, style) > maxWidth ? splitChars(p, maxWidth, style) : [p],
  );
}

function splitChars(word: string, maxWidth: number, style: TextStyle): string[] {
  const out: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece !== '' && textWidth(piece + char, style) > maxWidth) {
      out.push(piece);
      piece = char;
    } else piece += char;
  }
  if (piece !== '') out.push(piece);
  return out;
}

/**
 * Splits a text at spaces into lines no wider than `maxWidth`; a word wider than that is broken at
 * its humps or, failing those, between characters, so nothing is ever cut off (pure).
 */
export function wrapText(text: string, maxWidth: number, style: TextStyle): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text
    .split(/\s+/)
    .filter((w) => w !== '')
    .flatMap((w) => (textWidth(w, style) > maxWidth ? breakWord(w, maxWidth, style) : [w]));
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(candidate, style) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines.length === 0 ? [''] : lines;
}
