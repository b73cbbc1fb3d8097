/**
 * DEMO's Organization Construction Diagram (the Cooperation Model), laid out by ELK: actor roles as
 * boxes (environmental ones grey, outside the boundary of the organisation), each transaction kind as
 * the diamond in a disc with its id, name and product below, an initiator link from the initiating
 * role to the disc and an executor link from the disc to the executing role (a small square at the
 * executor's end).
 */
import type { Model } from '../model.ts';
import { cooperationGraph, type KindNode, type RoleNode } from './cooperation-graph.ts';
import { layoutGraph, type GraphEdge, type GraphNode } from './elk-layout.ts';
import { stackLines, widestLine, type TextItem } from './label-block.ts';
import { rootKindsOf } from '../model-queries.ts';
import type { DiagramLayout, LaidEdge, LaidText } from './layout-types.ts';
import { lineHeight, textWidth } from './text-metrics.ts';

const disc = 40;
const padding = 10;
const wrapAt = 170;

function roleNode(role: RoleNode): GraphNode {
  const items: TextItem[] = [
    { text: role.id, style: { size: 12, bold: true } },
    { text: role.name, style: { size: 12 }, wrapAt },
  ];
  const width = Math.max(110, widestLine(items) + 2 * padding + 8);
  const { labels, height } = stackLines(items, width, padding);
  return {
    id: `role:${role.id}`,
    shape: role.inside ? 'actor-role' : 'environmental-role',
    width,
    height: height + 2 * padding,
    labels,
    title: `${role.id} ${role.name} (${role.kind})${role.description === undefined ? '' : `: ${role.description}`}`,
  };
}

function kindNode(kind: KindNode): GraphNode {
  const items: TextItem[] = [
    { text: `${kind.id} ${kind.label}`, style: { size: 11, bold: true }, wrapAt },
    { text: kind.product, style: { size: 10 }, wrapAt },
  ];
  const width = Math.max(disc + 20, widestLine(items) + 8);
  const { labels, height } = stackLines(items, width, disc + 4);
  const id = `kind:${kind.id}`;
  return {
    id,
    shape: 'transaction-kind',
    width,
    height: disc + 4 + height,
    symbol: { x: (width - disc) / 2, y: 0, width: disc, height: disc },
    labels,
    title: `${kind.id} ${kind.name}: ${kind.product}`,
    // The links meet the disc at its sides, never the text below it.
    ports: [
      { id: `${id}:in`, side: 'WEST', x: 0, y: disc / 2 },
      { id: `${id}:out`, side: 'EAST', x: width, y: disc / 2 },
    ],
    layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
  };
}

/** The column of each role: initiators of root kinds first, each executor after its initiator (pure). */
function roleRanks(kinds: readonly KindNode[], roots: readonly string[]): Map<string, number> {
  const rank = new Map<string, number>();
  for (const kind of kinds) if (roots.includes(kind.id)) rank.set(kind.initiator, 0);
  for (let changed = true; changed;) {
    changed = false;
    for (const kind of kinds) {
      const at = rank.get(kind.initiator);
      if (at !== undefined && !rank.has(kind.executor)) {
        rank.set(kind.executor, at + 1);
        changed = true;
      }
    }
  }
  return rank;
}

/** Lays out the Organization Construction Diagram of a model (pure but for awaiting ELK). */
export async function cooperationLayout(model: Model): Promise<DiagramLayout> {
  const graph = cooperationGraph(model);
  const inside = [
    ...graph.roles.filter((r) => r.inside).map(roleNode),
    ...graph.kinds.filter((k) => k.inside).map(kindNode),
  ];
  const outside = [
    ...graph.roles.filter((r) => !r.inside).map(roleNode),
    ...graph.kinds.filter((k) => !k.inside).map(kindNode),
  ];
  const boundaryTitle: TextItem = { text: graph.name, style: { size: 12, bold: true } };
  const titleWidth = textWidth(graph.name, boundaryTitle.style);
  const boundaryLabel: LaidText = {
    text: graph.name,
    x: 12,
    y: 8,
    width: titleWidth,
    height: lineHeight(boundaryTitle.style),
    size: 12,
    bold: true,
    align: 'start',
  };
  const boundary: GraphNode = {
    id: 'boundary',
    shape: 'boundary',
    width: 0,
    height: 0,
    labels: [boundaryLabel],
    title: `The boundary of the organisation ${graph.name}: its elementary actor roles inside, the environment outside`,
    children: inside,
    layoutOptions: {
      'elk.padding': '[top=36,left=20,bottom=20,right=20]',
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${titleWidth + 24}, 60)`,
    },
  };
  // A kind whose executor comes before its initiator (the shop's payment, by the customer) is
  // laid out the other way round, so it sits between them instead of looping back.
  const rank = roleRanks(graph.kinds, rootKindsOf(model));
  const back = (kind: KindNode): boolean =>
    (rank.get(kind.executor) ?? 0) < (rank.get(kind.initiator) ?? 0);
  const edges: GraphEdge[] = graph.kinds.flatMap((kind): GraphEdge[] => {
    const id = `kind:${kind.id}`;
    const initiator = `role:${kind.initiator}`;
    const executor = `role:${kind.executor}`;
    return back(kind)
      ? [
          {
            id: `initiator:${kind.id}`,
            style: 'initiator',
            source: `${id}:out`,
            sourceNode: id,
            target: initiator,
          },
          {
            id: `executor:${kind.id}`,
            style: 'executor',
            source: executor,
            target: `${id}:in`,
            targetNode: id,
          },
        ]
      : [
          {
            id: `initiator:${kind.id}`,
            style: 'initiator',
            source: initiator,
            target: `${id}:in`,
            targetNode: id,
          },
          {
            id: `executor:${kind.id}`,
            style: 'executor',
            source: `${id}:out`,
            sourceNode: id,
            target: executor,
          },
        ];
  });
  const reversed = new Set(
    graph.kinds.filter(back).flatMap((k) => [`initiator:${k.id}`, `executor:${k.id}`]),
  );
  // Each link meets a role at a port of its own on the side it comes from, spaced apart, so the
  // executor squares of several links never pile up.
  const rolePorts = new Map<string, { id: string; side: 'WEST' | 'EAST' }[]>();
  const portFor = (role: string, edge: string, side: 'WEST' | 'EAST'): string => {
    const id = `${role}:${edge}`;
    rolePorts.set(role, [...(rolePorts.get(role) ?? []), { id, side }]);
    return id;
  };
  const linked = edges.map((e): GraphEdge => {
    const fromRole = e.source.startsWith('role:');
    const toRole = e.target.startsWith('role:');
    return {
      ...e,
      ...(fromRole ? { source: portFor(e.source, e.id, 'EAST'), sourceNode: e.source } : {}),
      ...(toRole ? { target: portFor(e.target, e.id, 'WEST'), targetNode: e.target } : {}),
    };
  });
  const withPorts = (n: GraphNode): GraphNode => {
    const ports = rolePorts.get(n.id);
    return ports === undefined
      ? n
      : {
          ...n,
          ports: ports.map((p) => ({ ...p, x: 0, y: 0 })),
          layoutOptions: {
            ...n.layoutOptions,
            'elk.portConstraints': 'FIXED_SIDE',
            'elk.spacing.portPort': '16',
          },
        };
  };
  inside.splice(0, inside.length, ...inside.map(withPorts));
  outside.splice(0, outside.length, ...outside.map(withPorts));
  // Environmental roles that initiate come first (left of the boundary): model order breaks cycles.
  const initiators = new Set(graph.kinds.map((k) => `role:${k.initiator}`));
  const first = outside.filter((n) => initiators.has(n.id));
  const rest = outside.filter((n) => !first.includes(n));
  const laid = await layoutGraph(
    [...first, ...(inside.length > 0 ? [boundary] : []), ...rest],
    linked,
    {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '50',
      'elk.spacing.nodeNode': '30',
      // Room between the links meeting one role, so their executor squares stay apart.
      'elk.spacing.portPort': '16',
      'elk.spacing.edgeEdge': '14',
      'elk.padding': '[top=20,left=20,bottom=20,right=20]',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    },
  );
  const symbols = new Map(laid.nodes.map((n) => [n.id, n.symbol]));
  // The ports sit on the box's sides at the disc's height: the links go on to the disc itself.
  const toDisc = (laidEdge: LaidEdge): LaidEdge => {
    const e = reversed.has(laidEdge.id)
      ? {
          ...laidEdge,
          source: laidEdge.target,
          target: laidEdge.source,
          points: [...laidEdge.points].reverse(),
        }
      : laidEdge;
    const points = [...e.points];
    const start = points[0];
    const end = points[points.length - 1];
    const from = e.style === 'executor' ? symbols.get(e.source) : undefined;
    const to = e.style === 'initiator' ? symbols.get(e.target) : undefined;
    if (from !== undefined && start !== undefined)
      points.unshift({ x: start.x < from.x ? from.x : from.x + from.width, y: start.y });
    if (to !== undefined && end !== undefined)
      points.push({ x: end.x < to.x ? to.x : to.x + to.width, y: end.y });
    return { ...e, points };
  };
  return {
    view: 'cooperation',
    title: `Organization Construction Diagram of ${graph.name}`,
    width: laid.width,
    height: laid.height,
    nodes: laid.nodes,
    edges: laid.edges.map(toDisc),
  };
}
