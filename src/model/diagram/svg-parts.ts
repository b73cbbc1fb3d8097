/**
 * Small pure builders of SVG markup shared by the diagrams: escaping, text measured by an estimate,
 * boxes, arrows. No DOM and no dependency: strings in, strings out.
 */

/** A point in diagram coordinates. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A box in diagram coordinates (top-left corner and size). */
export interface Box extends Point {
  readonly width: number;
  readonly height: number;
}

/** Escapes text for XML character data and attribute values (pure). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An estimate of a text's width in a sans-serif font of the given size (pure). */
export function textWidth(text: string, fontSize = 12): number {
  // Code points are close enough for an estimate; the labels are names, not emoji sequences.
  return Math.ceil(Array.from(text).length * fontSize * 0.6);
}

/** Splits a label into lines of at most `max` characters at spaces (pure). */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.length === 0 ? [''] : lines;
}

/** Centred lines of text around a point (pure). */
export function centredText(
  lines: readonly string[],
  at: Point,
  options: {
    readonly size?: number;
    readonly weight?: string;
    readonly className?: string;
    /** A white outline, so the text stays readable over lines behind it. */
    readonly halo?: boolean;
  } = {},
): string {
  const halo = options.halo === true ? ' paint-order="stroke" stroke="#fff" stroke-width="3"' : '';
  const size = options.size ?? 12;
  const top = at.y - ((lines.length - 1) * size * 1.2) / 2;
  return lines
    .map(
      (line, i) =>
        `<text x="${round(at.x)}" y="${round(top + i * size * 1.2)}" font-size="${size}"${options.weight === undefined ? '' : ` font-weight="${options.weight}"`}${options.className === undefined ? '' : ` class="${options.className}"`}${halo} text-anchor="middle" dominant-baseline="middle">${escapeXml(line)}</text>`,
    )
    .join('');
}

/** Rounds a coordinate to one decimal, so the markup stays short (pure). */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A rectangle with rounded corners (pure). */
export function rect(box: Box, fill: string, stroke: string, extra = ''): string {
  return `<rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" rx="4" fill="${fill}" stroke="${stroke}"${extra === '' ? '' : ` ${extra}`}/>`;
}

/** A labelled box: a rectangle with its label wrapped and centred inside (pure). */
export function labelledBox(
  box: Box,
  text: string,
  fill: string,
  stroke: string,
  options: { readonly id?: string; readonly dashed?: boolean } = {},
): string {
  const maxChars = Math.max(6, Math.floor((box.width - 10) / (11 * 0.6)));
  const extra = options.dashed === true ? 'stroke-dasharray="4 3"' : '';
  const id = options.id === undefined ? '' : ` id="${escapeXml(options.id)}"`;
  return `<g${id}>${rect(box, fill, stroke, extra)}${centredText(wrap(text, maxChars).slice(0, 4), centre(box), { size: 11 })}</g>`;
}

/** The centre of a box (pure). */
export function centre(box: Box): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The point where the line from a box's centre towards `to` leaves the box (pure). */
export function edgePoint(box: Box, to: Point): Point {
  const c = centre(box);
  const dx = to.x - c.x;
  const dy = to.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const scale = Math.min(
    dx === 0 ? Infinity : box.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : box.height / 2 / Math.abs(dy),
  );
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

/** The `<defs>` with the arrow heads the diagrams use (pure). */
export function arrowDefs(): string {
  return (
    '<defs>' +
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker>' +
    '<marker id="square" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" markerHeight="6"><rect x="0" y="0" width="10" height="10" fill="#222"/></marker>' +
    '</defs>'
  );
}

/** A straight or curved connector between two points (pure). */
export function connector(
  from: Point,
  to: Point,
  options: {
    readonly arrow?: boolean;
    readonly square?: boolean;
    readonly dashed?: boolean;
    readonly bend?: number;
    readonly label?: string;
    readonly colour?: string;
  } = {},
): string {
  const colour = options.colour ?? '#444';
  const bend = options.bend ?? 0;
  const mid = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  const control = {
    x: mid.x - ((to.y - from.y) / length) * bend,
    y: mid.y + ((to.x - from.x) / length) * bend,
  };
  const d =
    bend === 0
      ? `M${round(from.x)},${round(from.y)} L${round(to.x)},${round(to.y)}`
      : `M${round(from.x)},${round(from.y)} Q${round(control.x)},${round(control.y)} ${round(to.x)},${round(to.y)}`;
  const attributes = [
    `d="${d}"`,
    'fill="none"',
    `stroke="${colour}"`,
    'stroke-width="1.4"',
    ...(options.dashed === true ? ['stroke-dasharray="5 4"'] : []),
    ...(options.arrow === true ? ['marker-end="url(#arrow)"'] : []),
    ...(options.square === true ? ['marker-end="url(#square)"'] : []),
  ];
  const labelAt = bend === 0 ? mid : { x: (mid.x + control.x) / 2, y: (mid.y + control.y) / 2 };
  const text =
    options.label === undefined
      ? ''
      : `<text x="${round(labelAt.x)}" y="${round(labelAt.y - 4)}" font-size="10" fill="${colour}" text-anchor="middle" class="link-label" paint-order="stroke" stroke="#fff" stroke-width="3">${escapeXml(options.label)}</text>`;
  return `<path ${attributes.join(' ')}/>${text}`;
}

/** Wraps diagram markup in an `<svg>` document with a white background and a title (pure). */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="Helvetica, Arial, sans-serif" role="img">` +
    `<title>${escapeXml(title)}</title>${arrowDefs()}<rect width="100%" height="100%" fill="#fff"/>${body}</svg>\n`
  );
}
