/**
 * Where a BPMN collaboration's pools, flow nodes and flows are drawn: a deterministic grid, so the
 * same model always gives the same diagram. Pools are stacked top to bottom in the order the Process
 * Structure meets their roles; each node sits in a column given by the longest chain of flows
 * (sequence and message flows alike) that leads to it, so time runs left to right across all
 * pools, and nodes of one pool in one column are stacked in rows. Sequence flows are routed right
 * and, when they go back or another node stands in the way, along the bottom of their row; message flows leave a node at its top or bottom
 * edge and cross to the other pool vertically.
 */
import type { BpmnCollaboration, BpmnFlow, BpmnNode } from './bpmn-collaboration.ts';

/** A box in diagram coordinates. */
export interface BpmnBounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A point of a flow's route. */
export interface BpmnPoint {
  readonly x: number;
  readonly y: number;
}

/** The diagram: a box per pool and per node, a route per flow, by id. */
export interface BpmnLayout {
  readonly shapes: ReadonlyMap<string, BpmnBounds>;
  readonly edges: ReadonlyMap<string, readonly BpmnPoint[]>;
}

const header = 30;
const column = 160;
const row = 110;
const padding = 20;
const gap = 40;

/** The size of a node: bpmn.io's defaults for tasks, events and gateways (pure). */
function sizeOf(node: BpmnNode): { width: number; height: number } {
  switch (node.type) {
    case 'userTask':
    case 'serviceTask':
      return { width: 120, height: 80 };
    case 'parallelGateway':
      return { width: 50, height: 50 };
    case 'startEvent':
    case 'messageStartEvent':
    case 'endEvent':
      return { width: 36, height: 36 };
  }
}

/**
 * The column of every node: the longest path to it over the flows, edges that close a cycle left
 * out (found by a depth-first search in node order, so the choice is stable); a plain start event
 * then moves up to just before the node it starts (pure).
 */
function columns(nodes: readonly BpmnNode[], flows: readonly BpmnFlow[]): Map<string, number> {
  const out = new Map<string, BpmnFlow[]>();
  for (const flow of flows) out.set(flow.source, [...(out.get(flow.source) ?? []), flow]);
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const forward = new Set<BpmnFlow>();
  const visit = (id: string): void => {
    state.set(id, 'open');
    for (const flow of out.get(id) ?? []) {
      const seen = state.get(flow.target);
      if (seen === 'open') continue;
      forward.add(flow);
      if (seen === undefined) visit(flow.target);
    }
    state.set(id, 'done');
    order.push(id);
  };
  for (const node of nodes) if (!state.has(node.id)) visit(node.id);
  const col = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const id of order.reverse())
    for (const flow of out.get(id) ?? [])
      if (forward.has(flow))
        col.set(flow.target, Math.max(col.get(flow.target) ?? 0, (col.get(id) ?? 0) + 1));
  for (const node of nodes) {
    if (node.type !== 'startEvent') continue;
    const next = (out.get(node.id) ?? []).map((f) => col.get(f.target) ?? 1);
    col.set(node.id, Math.max(0, Math.min(...next) - 1));
  }
  return col;
}

/** Lays a collaboration out on the grid (pure). */
export function layoutCollaboration(collaboration: BpmnCollaboration): BpmnLayout {
  const { pools, nodes, flows } = collaboration;
  const col = columns(nodes, flows);
  const width = header + padding * 2 + column * (Math.max(0, ...col.values()) + 1);
  const shapes = new Map<string, BpmnBounds>();
  const poolOf = new Map(nodes.map((n) => [n.id, n.pool]));
  // The bottom of each node's row: a flow that must go around runs just above it.
  const band = new Map<string, number>();
  let top = 0;
  for (const pool of pools) {
    const cells = new Map<number, number>();
    const inPool = nodes.filter((n) => n.pool === pool.id);
    for (const node of inPool) {
      const c = col.get(node.id) ?? 0;
      const r = cells.get(c) ?? 0;
      cells.set(c, r + 1);
      const size = sizeOf(node);
      shapes.set(node.id, {
        x: header + padding + c * column + (column - size.width) / 2,
        y: top + padding + r * row + (row - size.height) / 2,
        ...size,
      });
      band.set(node.id, top + padding + (r + 1) * row - padding / 2);
    }
    const rows = Math.max(1, ...cells.values());
    shapes.set(pool.id, { x: 0, y: top, width, height: rows * row + padding * 2 });
    top += rows * row + padding * 2 + gap;
  }
  const edges = new Map<string, BpmnPoint[]>();
  for (const flow of flows) {
    const s = shapes.get(flow.source);
    const t = shapes.get(flow.target);
    if (s === undefined || t === undefined) continue;
    const pool = shapes.get(poolOf.get(flow.source) ?? '');
    if (flow.type === 'message') {
      edges.set(flow.id, messageRoute(s, t, pool ?? s));
      continue;
    }
    const others = nodes
      .filter(
        (n) => n.id !== flow.source && n.id !== flow.target && n.pool === poolOf.get(flow.source),
      )
      .flatMap((n) => shapes.get(n.id) ?? []);
    const straight = sequenceRoute(s, t);
    const blocked = others.some((box) => crosses(straight, box));
    const below = Math.max(band.get(flow.source) ?? 0, band.get(flow.target) ?? 0);
    edges.set(flow.id, blocked || straight.length === 0 ? aroundRoute(s, t, below) : straight);
  }
  return { shapes, edges };
}

/** Whether a route of horizontal and vertical segments passes through a box (pure). */
function crosses(route: readonly BpmnPoint[], box: BpmnBounds): boolean {
  return route.slice(1).some((to, i) => {
    const from = route[i] ?? to;
    const [x1, x2] = [Math.min(from.x, to.x), Math.max(from.x, to.x)];
    const [y1, y2] = [Math.min(from.y, to.y), Math.max(from.y, to.y)];
    return x1 < box.x + box.width && x2 > box.x && y1 < box.y + box.height && y2 > box.y;
  });
}

/** Out of the source's bottom, along the bottom of the row, into the target's bottom (pure). */
function aroundRoute(s: BpmnBounds, t: BpmnBounds, below: number): BpmnPoint[] {
  const a = mid(s);
  const b = mid(t);
  return [
    { x: a.x, y: s.y + s.height },
    { x: a.x, y: below },
    { x: b.x, y: below },
    { x: b.x, y: t.y + t.height },
  ];
}

const mid = (b: BpmnBounds): BpmnPoint => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Right edge to left edge, bending just before the target; none when the target lies behind (pure). */
function sequenceRoute(s: BpmnBounds, t: BpmnBounds): BpmnPoint[] {
  const a = mid(s);
  const b = mid(t);
  if (t.x <= s.x + s.width) return [];
  const from = { x: s.x + s.width, y: a.y };
  const to = { x: t.x, y: b.y };
  if (a.y === b.y) return [from, to];
  const x = to.x - padding;
  return [from, { x, y: a.y }, { x, y: b.y }, to];
}

/** From the edge of the source facing the other pool to the facing edge of the target (pure). */
function messageRoute(s: BpmnBounds, t: BpmnBounds, sourcePool: BpmnBounds): BpmnPoint[] {
  const a = mid(s);
  const b = mid(t);
  const down = t.y > s.y;
  const from = { x: a.x, y: down ? s.y + s.height : s.y };
  const to = { x: b.x, y: down ? t.y : t.y + t.height };
  if (a.x === b.x) return [from, to];
  // The bend lies in the gap beside the source's pool.
  const y = down ? sourcePool.y + sourcePool.height + gap / 2 : sourcePool.y - gap / 2;
  return [from, { x: a.x, y }, { x: b.x, y }, to];
}
