/**
 * The Cooperation Model drawn as SVG with a small layered layout: actor roles as boxes in columns
 * (initiators of the root kinds first, each executor one column right of its first initiator),
 * transaction kinds as DEMO's diamond-in-disc between their initiator and executor, one row per kind.
 * Initiator links are plain lines, executor links end in a small square at the executor; response
 * links are solid arrows and wait links dashed arrows between kinds.
 */
import type { Model } from '../model.ts';
import { rootKindsOf } from '../model-queries.ts';
import { cooperationGraph, type KindNode, type RoleNode } from './cooperation-graph.ts';
import {
  centre,
  centredText,
  connector,
  edgePoint,
  escapeXml,
  round,
  svgDocument,
  textWidth,
  type Box,
  type Point,
} from './svg-parts.ts';

const margin = 40;
const roleHeight = 46;
const kindRadius = 22;
const rowGap = 150;
const titleHeight = 30;

/** Column of each role: 0 for the initiators of root kinds, one right of where it is first asked. */
function roleDepths(
  model: Model,
  roles: readonly RoleNode[],
  kinds: readonly KindNode[],
): Map<string, number> {
  const depth = new Map<string, number>();
  const roots = rootKindsOf(model);
  for (const kind of kinds) if (roots.includes(kind.id)) depth.set(kind.initiator, 0);
  if (depth.size === 0 && kinds[0] !== undefined) depth.set(kinds[0].initiator, 0);
  for (let changed = true; changed;) {
    changed = false;
    for (const kind of kinds) {
      const d = depth.get(kind.initiator);
      if (d !== undefined && !depth.has(kind.executor)) {
        depth.set(kind.executor, d + 1);
        changed = true;
      }
      // A role only met as an initiator of a kind whose executor is placed sits one column left.
      const e = depth.get(kind.executor);
      if (e !== undefined && !depth.has(kind.initiator)) {
        depth.set(kind.initiator, Math.max(e - 1, 0));
        changed = true;
      }
    }
  }
  for (const role of roles) if (!depth.has(role.id)) depth.set(role.id, 0);
  return depth;
}

function onCircle(c: Point, towards: Point, r: number): Point {
  const dx = towards.x - c.x;
  const dy = towards.y - c.y;
  const length = Math.hypot(dx, dy) || 1;
  return { x: c.x + (dx / length) * r, y: c.y + (dy / length) * r };
}

/** Draws the Cooperation Model of a model as an SVG document (pure). */
export function cooperationSvg(model: Model): string {
  const graph = cooperationGraph(model);
  const depths = roleDepths(model, graph.roles, graph.kinds);
  const roleWidth = Math.max(
    140,
    ...graph.roles.map((r) => textWidth(r.name, 12) + 24),
    ...graph.roles.map((r) => textWidth(r.id, 13) + 24),
  );
  const labelWidth = Math.max(140, ...graph.kinds.map((k) => textWidth(`${k.id} ${k.label}`, 11)));
  const columnGap = roleWidth + Math.max(160, labelWidth);
  const columnX = (depth: number): number => margin + depth * columnGap;
  const kindCentre = new Map<string, Point>();
  graph.kinds.forEach((kind, row) => {
    const a = depths.get(kind.initiator) ?? 0;
    const b = depths.get(kind.executor) ?? 0;
    let x = (columnX(a) + columnX(b)) / 2 + roleWidth / 2;
    // Between two columns; when both parties share a column, or the middle is a column, step aside.
    if (a === b || (a - b) % 2 === 0) x += columnGap / 2;
    kindCentre.set(kind.id, { x, y: margin + titleHeight + roleHeight / 2 + row * rowGap });
  });
  const roleBox = new Map<string, Box>();
  const columns = new Map<number, RoleNode[]>();
  for (const role of graph.roles) {
    const d = depths.get(role.id) ?? 0;
    columns.set(d, [...(columns.get(d) ?? []), role]);
  }
  for (const [depth, roles] of columns) {
    const wanted = roles.map((role) => {
      const ys = graph.kinds
        .filter((k) => k.initiator === role.id || k.executor === role.id)
        .map((k) => kindCentre.get(k.id)?.y ?? 0);
      const y = ys.length === 0 ? margin + titleHeight : ys.reduce((s, v) => s + v, 0) / ys.length;
      return { role, y: y - roleHeight / 2 };
    });
    wanted.sort((p, q) => p.y - q.y);
    let floor = margin + titleHeight;
    for (const { role, y } of wanted) {
      const top = Math.max(y, floor);
      roleBox.set(role.id, { x: columnX(depth), y: top, width: roleWidth, height: roleHeight });
      floor = top + roleHeight + 30;
    }
  }
  const parts: string[] = [];
  const boxOf = (id: string): Box =>
    roleBox.get(id) ?? { x: margin, y: margin, width: roleWidth, height: roleHeight };
  for (const kind of graph.kinds) {
    const c = kindCentre.get(kind.id) ?? { x: 0, y: 0 };
    const initiator = boxOf(kind.initiator);
    const executor = boxOf(kind.executor);
    parts.push(
      connector(edgePoint(initiator, c), onCircle(c, centre(initiator), kindRadius), {
        colour: '#333',
      }),
      connector(onCircle(c, centre(executor), kindRadius), edgePoint(executor, c), {
        colour: '#333',
        square: true,
      }),
    );
  }
  const linkBetween = (from: string, to: string): [Point, Point] => {
    const a = kindCentre.get(from) ?? { x: 0, y: 0 };
    const b = kindCentre.get(to) ?? { x: 0, y: 0 };
    return [onCircle(a, b, kindRadius + 2), onCircle(b, a, kindRadius + 6)];
  };
  // Response links bow to one side of the pair of kinds, wait links to the other, whatever their direction.
  const side = (from: string, to: string): number => (from < to ? 1 : -1);
  for (const link of graph.responseLinks) {
    const [from, to] = linkBetween(link.from.kind, link.to.kind);
    parts.push(
      `<g class="response-link">${connector(from, to, { arrow: true, bend: 50 * side(link.from.kind, link.to.kind), colour: '#2b6cb0', label: `${link.from.fact} → ${link.to.act}` })}</g>`,
    );
  }
  graph.waitLinks.forEach((link, i) => {
    const [from, to] = linkBetween(link.waitsFor.kind, link.act.kind);
    parts.push(
      `<g class="wait-link">${connector(from, to, { arrow: true, dashed: true, bend: (-50 - 20 * (i % 3)) * side(link.waitsFor.kind, link.act.kind), colour: '#9c4221', label: `${link.act.act} waits for ${link.waitsFor.fact}` })}</g>`,
    );
  });
  for (const role of graph.roles) {
    const box = boxOf(role.id);
    const fill = role.kind === 'elementary' ? '#ffffff' : '#eeeeee';
    const dash = role.kind === 'elementary' ? '' : ' stroke-dasharray="5 3"';
    parts.push(
      `<g id="role-${escapeXml(role.id)}" class="actor-role"><rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" fill="${fill}" stroke="#222"${dash}/>` +
        centredText(
          [role.id],
          { x: box.x + box.width / 2, y: box.y + 15 },
          { size: 13, weight: 'bold' },
        ) +
        centredText([role.name], { x: box.x + box.width / 2, y: box.y + 33 }, { size: 12 }) +
        '</g>',
    );
  }
  for (const kind of graph.kinds) {
    const c = kindCentre.get(kind.id) ?? { x: 0, y: 0 };
    const r = kindRadius;
    const diamond = `M${round(c.x)},${round(c.y - r)} L${round(c.x + r)},${round(c.y)} L${round(c.x)},${round(c.y + r)} L${round(c.x - r)},${round(c.y)} Z`;
    parts.push(
      `<g id="kind-${escapeXml(kind.id)}" class="transaction-kind"><circle cx="${round(c.x)}" cy="${round(c.y)}" r="${r}" fill="#fff" stroke="#222" stroke-width="1.5"/><path d="${diamond}" fill="#f6ad55" stroke="#222"/>` +
        centredText(
          [`${kind.id} ${kind.label}`],
          { x: c.x, y: c.y + r + 14 },
          { size: 11, weight: 'bold', halo: true },
        ) +
        centredText([kind.product], { x: c.x, y: c.y + r + 28 }, { size: 10, halo: true }) +
        '</g>',
    );
  }
  const maxX = Math.max(
    ...[...roleBox.values()].map((b) => b.x + b.width),
    ...[...kindCentre.values()].map((p) => p.x + labelWidth / 2),
    400,
  );
  const maxY = Math.max(
    ...[...roleBox.values()].map((b) => b.y + b.height),
    ...[...kindCentre.values()].map((p) => p.y + kindRadius + 34),
    120,
  );
  const title = centredText(
    [`Cooperation Model: ${graph.name}`],
    { x: (maxX + margin) / 2, y: margin / 2 + 6 },
    { size: 15, weight: 'bold' },
  );
  return svgDocument(
    maxX + margin,
    maxY + margin,
    `Cooperation Model of ${graph.name}`,
    title + parts.join(''),
  );
}
