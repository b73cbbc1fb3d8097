/**
 * The bridge to ELK (the Eclipse Layout Kernel, run as elkjs): a graph of sized nodes, frames and
 * ports goes in, every node's box and every edge's route come out in absolute coordinates, as
 * `LaidNode`s and `LaidEdge`s. ELK's layered algorithm places nodes in layers with few crossings,
 * keeps them apart and routes edges orthogonally around them, edge labels included.
 */
import type { ELK, ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api.js';
import type { EdgeStyle, LaidEdge, LaidNode, LaidText, NodeShape, Point } from './layout-types.ts';
import { lineHeight, textWidth, type TextStyle } from './text-metrics.ts';

/** A node to lay out: its size is fixed, its labels are placed relative to its top-left corner. */
export interface GraphNode {
  readonly id: string;
  readonly shape: NodeShape;
  readonly width: number;
  readonly height: number;
  readonly labels: readonly LaidText[];
  readonly symbol?: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
  readonly title?: string;
  /** A frame: its children are laid out inside it, its size follows them. */
  readonly children?: readonly GraphNode[];
  readonly ports?: readonly {
    readonly id: string;
    readonly side: 'NORTH' | 'SOUTH' | 'EAST' | 'WEST';
    readonly x: number;
    readonly y: number;
  }[];
  readonly layoutOptions?: Readonly<Record<string, string>>;
}

/** An edge to lay out, from a node or port to a node or port, with text labels. */
export interface GraphEdge {
  readonly id: string;
  readonly style: EdgeStyle;
  readonly source: string;
  readonly target: string;
  /** The nodes the edge joins, when `source`/`target` name ports. */
  readonly sourceNode?: string;
  readonly targetNode?: string;
  readonly labels?: readonly { readonly text: string; readonly style: TextStyle }[];
  readonly labelPlacement?: 'CENTER' | 'HEAD' | 'TAIL';
  readonly title?: string;
}

let engine: Promise<ELK> | undefined;

/** The layout engine, loaded on first use: commands and servers that draw nothing never parse it. */
function elk(): Promise<ELK> {
  // elkjs is CommonJS: its constructor is the module and, as well, its `default`.
  engine ??= import('elkjs/lib/elk.bundled.js').then((module) => new module.default.default());
  return engine;
}

function toElkNode(node: GraphNode): ElkNode {
  return {
    id: node.id,
    width: node.width,
    height: node.height,
    ...(node.layoutOptions === undefined ? {} : { layoutOptions: { ...node.layoutOptions } }),
    ...(node.children === undefined ? {} : { children: node.children.map(toElkNode) }),
    ...(node.ports === undefined
      ? {}
      : {
          ports: node.ports.map((p) => ({
            id: p.id,
            x: p.x,
            y: p.y,
            width: 0,
            height: 0,
            layoutOptions: { 'elk.port.side': p.side },
          })),
        }),
  };
}

function toElkEdge(edge: GraphEdge): ElkExtendedEdge {
  const placement = edge.labelPlacement ?? 'CENTER';
  return {
    id: edge.id,
    sources: [edge.source],
    targets: [edge.target],
    labels: (edge.labels ?? []).map((label, i): ElkLabel => ({
      id: `${edge.id}#${i}`,
      text: label.text,
      width: textWidth(label.text, label.style) + 4,
      height: lineHeight(label.style),
      layoutOptions: { 'elk.edgeLabels.placement': placement },
    })),
  };
}

/**
 * Lays a graph out with ELK and returns absolute boxes and routes, frames before what they contain
 * (impure only in that it awaits the layout engine; the same graph always gives the same layout).
 */
export async function layoutGraph(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  layoutOptions: Readonly<Record<string, string>>,
): Promise<{ nodes: LaidNode[]; edges: LaidEdge[]; width: number; height: number }> {
  const input: ElkNode = {
    id: 'root',
    layoutOptions: { ...layoutOptions },
    children: nodes.map(toElkNode),
    edges: edges.map(toElkEdge),
  };
  const result: ElkNode = await (await elk()).layout(input);
  const byId = new Map<string, GraphNode>();
  const walk = (list: readonly GraphNode[]): void => {
    for (const n of list) {
      byId.set(n.id, n);
      walk(n.children ?? []);
    }
  };
  walk(nodes);
  const origin = new Map<string, Point>([['root', { x: 0, y: 0 }]]);
  const laid: LaidNode[] = [];
  const place = (elkNodes: readonly ElkNode[], at: Point): void => {
    for (const n of elkNodes) {
      const spec = byId.get(n.id);
      const x = at.x + (n.x ?? 0);
      const y = at.y + (n.y ?? 0);
      origin.set(n.id, { x, y });
      if (spec !== undefined) {
        laid.push({
          id: spec.id,
          shape: spec.shape,
          x,
          y,
          width: n.width ?? spec.width,
          height: n.height ?? spec.height,
          ...(spec.children === undefined ? {} : { container: true }),
          ...(spec.symbol === undefined
            ? {}
            : { symbol: { ...spec.symbol, x: x + spec.symbol.x, y: y + spec.symbol.y } }),
          labels: spec.labels.map((l) => ({ ...l, x: x + l.x, y: y + l.y })),
          ...(spec.title === undefined ? {} : { title: spec.title }),
        });
      }
      place(n.children ?? [], { x, y });
    }
  };
  place(result.children ?? [], { x: 0, y: 0 });
  const specs = new Map(edges.map((e) => [e.id, e]));
  const laidEdges = (result.edges ?? []).map((e): LaidEdge => {
    const spec = specs.get(e.id);
    const base = origin.get(e.container ?? 'root') ?? { x: 0, y: 0 };
    const shift = (p: Point): Point => ({ x: base.x + p.x, y: base.y + p.y });
    const points = (e.sections ?? []).flatMap((s) => [
      shift(s.startPoint),
      ...(s.bendPoints ?? []).map(shift),
      shift(s.endPoint),
    ]);
    const labels = (e.labels ?? []).map((l, i): LaidText => {
      const style = spec?.labels?.[i]?.style ?? { size: 10 };
      return {
        text: l.text ?? '',
        x: base.x + (l.x ?? 0),
        y: base.y + (l.y ?? 0),
        width: l.width ?? 0,
        height: l.height ?? 0,
        size: style.size,
        ...(style.bold === true ? { bold: true } : {}),
      };
    });
    return {
      id: e.id,
      style: spec?.style ?? 'flow',
      source: spec?.sourceNode ?? spec?.source ?? '',
      target: spec?.targetNode ?? spec?.target ?? '',
      points,
      labels,
      ...(spec?.title === undefined ? {} : { title: spec.title }),
    };
  });
  return { nodes: laid, edges: laidEdges, width: result.width ?? 0, height: result.height ?? 0 };
}
