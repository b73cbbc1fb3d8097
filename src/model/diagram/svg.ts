/**
 * The one SVG renderer of every diagram: a `DiagramLayout` in, a self-contained SVG document out
 * (pure, no DOM). DEMO's symbols (the diamond in a disc, coordination and production steps, the
 * executor's square) and Event Modeling's colours (commands blue, events orange, views green).
 * Ids carry a prefix, so several diagrams can sit inline on one page.
 */
import type { DiagramLayout, LaidEdge, LaidNode, LaidText, Point } from './layout-types.ts';
import { diagramFont } from './text-metrics.ts';

/** Escapes text for XML character data and attribute values (pure). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const r = (value: number): number => Math.round(value * 10) / 10;

const fills: Readonly<Record<string, readonly [fill: string, stroke: string]>> = {
  boundary: ['#fbfbfd', '#7a7a8c'],
  'actor-role': ['#ffffff', '#222222'],
  'environmental-role': ['#e3e3e3', '#222222'],
  'transaction-frame': ['#f7f9fc', '#8a99ad'],
  'coordination-step': ['#ffffff', '#222222'],
  'production-step': ['#ffffff', '#222222'],
  lane: ['#fafafa', '#d0d0d0'],
  screen: ['#ffffff', '#555555'],
  automation: ['#ffffff', '#555555'],
  command: ['#bcd7ff', '#2b6cb0'],
  event: ['#ffc98b', '#c05621'],
  view: ['#b9f0c0', '#2f855a'],
};

function text(label: LaidText): string {
  const middle = label.align !== 'start';
  const x = middle ? label.x + label.width / 2 : label.x;
  const y = label.y + label.height / 2;
  return `<text x="${r(x)}" y="${r(y)}" font-size="${label.size}"${label.bold === true ? ' font-weight="bold"' : ''} text-anchor="${middle ? 'middle' : 'start'}" dominant-baseline="central">${escapeXml(label.text)}</text>`;
}

function title(t: string | undefined): string {
  return t === undefined ? '' : `<title>${escapeXml(t)}</title>`;
}

function box(n: LaidNode, fill: string, stroke: string, extra = ''): string {
  return `<rect x="${r(n.x)}" y="${r(n.y)}" width="${r(n.width)}" height="${r(n.height)}" rx="3" fill="${fill}" stroke="${stroke}"${extra}/>`;
}

function diamond(c: Point, half: number, fill: string): string {
  return `<path d="M${r(c.x)},${r(c.y - half)} L${r(c.x + half)},${r(c.y)} L${r(c.x)},${r(c.y + half)} L${r(c.x - half)},${r(c.y)} Z" fill="${fill}" stroke="#222"/>`;
}

function shape(n: LaidNode): string {
  const [fill, stroke] = fills[n.shape] ?? ['#fff', '#222'];
  const s = n.symbol ?? n;
  const centre = { x: s.x + s.width / 2, y: s.y + s.height / 2 };
  switch (n.shape) {
    case 'transaction-kind': {
      const radius = s.width / 2;
      return `<circle cx="${r(centre.x)}" cy="${r(centre.y)}" r="${r(radius)}" fill="#fff" stroke="#222" stroke-width="1.5"/>${diamond(centre, radius * 0.92, '#f6ad55')}`;
    }
    case 'coordination-step':
    case 'production-step': {
      const square = `<rect x="${r(s.x)}" y="${r(s.y)}" width="${r(s.width)}" height="${r(s.height)}" fill="${fill}" stroke="${stroke}"/>`;
      const inner =
        n.shape === 'coordination-step'
          ? `<circle cx="${r(centre.x)}" cy="${r(centre.y)}" r="${r(s.width * 0.38)}" fill="#fff" stroke="#222"/>`
          : diamond(centre, s.width * 0.4, '#f6ad55');
      return square + inner;
    }
    case 'boundary':
      return box(n, fill, stroke, ' stroke-width="2" stroke-dasharray="8 4"');
    case 'automation':
      return box(n, fill, stroke, ' stroke-dasharray="4 3"');
    case 'lane':
      return `<rect x="${r(n.x)}" y="${r(n.y)}" width="${r(n.width)}" height="${r(n.height)}" fill="${fill}" stroke="${stroke}"/>`;
    default:
      return box(n, fill, stroke);
  }
}

function node(n: LaidNode): string {
  // A node whose symbol is smaller than its box (a kind's disc, a step) keeps its box as an unseen
  // rectangle: the area it claims, pointer target and test reference.
  const bounds =
    n.symbol === undefined
      ? ''
      : `<rect class="bounds" x="${r(n.x)}" y="${r(n.y)}" width="${r(n.width)}" height="${r(n.height)}" fill="none" stroke="none" pointer-events="all"/>`;
  return `<g class="node ${n.shape}" data-id="${escapeXml(n.id)}">${title(n.title)}${bounds}${shape(n)}${n.labels.map(text).join('')}</g>`;
}

const edgeLook: Readonly<
  Record<string, { colour: string; dash?: string; end?: 'arrow' | 'square'; width?: number }>
> = {
  initiator: { colour: '#222' },
  executor: { colour: '#222', end: 'square' },
  step: { colour: '#666', end: 'arrow', width: 1.2 },
  response: { colour: '#2b6cb0', end: 'arrow', width: 1.6 },
  wait: { colour: '#9c4221', dash: '6 4', end: 'arrow', width: 1.6 },
  flow: { colour: '#444', end: 'arrow' },
  feeds: { colour: '#2f855a', end: 'arrow' },
};

function edge(e: LaidEdge, prefix: string): string {
  const look = edgeLook[e.style] ?? { colour: '#444' };
  const [first, ...rest] = e.points;
  if (first === undefined) return '';
  const d = `M${r(first.x)},${r(first.y)}${rest.map((p) => ` L${r(p.x)},${r(p.y)}`).join('')}`;
  const marker =
    look.end === undefined ? '' : ` marker-end="url(#${prefix}${look.end}-${e.style})"`;
  const labels = e.labels
    .map(
      (l) =>
        `<rect x="${r(l.x)}" y="${r(l.y)}" width="${r(l.width)}" height="${r(l.height)}" fill="#fff" fill-opacity="0.85"/>` +
        text(l).replace('<text ', `<text fill="${look.colour}" `),
    )
    .join('');
  return `<g class="edge ${e.style}" data-source="${escapeXml(e.source)}" data-target="${escapeXml(e.target)}">${title(e.title)}<path d="${d}" fill="none" stroke="${look.colour}" stroke-width="${look.width ?? 1.4}"${look.dash === undefined ? '' : ` stroke-dasharray="${look.dash}"`}${marker}/>${labels}</g>`;
}

function markers(prefix: string): string {
  return Object.entries(edgeLook)
    .filter(([, look]) => look.end !== undefined)
    .map(([style, look]) =>
      look.end === 'square'
        ? `<marker id="${prefix}square-${style}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><rect width="10" height="10" fill="${look.colour}"/></marker>`
        : `<marker id="${prefix}arrow-${style}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${look.colour}"/></marker>`,
    )
    .join('');
}

/** Options of the SVG document. */
export interface SvgOptions {
  /** Prefixes every id in the document (markers), so several SVGs can share a page. */
  readonly idPrefix?: string;
}

/** Draws a laid-out diagram as a self-contained SVG document (pure). */
export function diagramSvg(layout: DiagramLayout, options: SvgOptions = {}): string {
  const prefix = options.idPrefix ?? '';
  const w = Math.ceil(layout.width);
  const h = Math.ceil(layout.height);
  const frames = layout.nodes.filter((n) => n.container === true);
  const others = layout.nodes.filter((n) => n.container !== true);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${escapeXml(diagramFont)}" role="img" class="factum-diagram ${layout.view}">` +
    `<title>${escapeXml(layout.title)}</title><defs>${markers(prefix)}</defs>` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    frames.map(node).join('') +
    layout.edges.map((e) => edge(e, prefix)).join('') +
    others.map(node).join('') +
    '</svg>\n'
  );
}
