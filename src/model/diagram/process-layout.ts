/**
 * DEMO's Process Structure Diagram, laid out by ELK: one frame per transaction kind with the steps of
 * its basic pattern in a row (request, promise, execute, declare, accept; coordination steps as a disc
 * in a square, the production step as a diamond in a square), children below their parents; response
 * links as solid arrows from a fact to the act it leads to, wait links as dashed arrows from the fact
 * waited for to the act that waits, each with its cardinality at the arrow's head.
 */
import type { Model } from '../model.ts';
import { layoutGraph, type GraphEdge, type GraphNode } from './elk-layout.ts';
import { measureLines, stackLines, widestLine, type TextItem } from './label-block.ts';
import type { DiagramLayout, LaidEdge, LaidNode, LaidText } from './layout-types.ts';
import { processStructure, type ProcessKind, type ProcessStep } from './process-structure.ts';
import { lineHeight, textWidth } from './text-metrics.ts';

const symbol = 30;
const stepGap = 26;
const side = 14;
const stepStyle = { size: 10 } as const;

interface Frame {
  readonly node: GraphNode;
  readonly steps: readonly { readonly step: ProcessStep; readonly node: LaidNode }[];
}

/** Whether an action rule performs a step by itself (pure). */
function automated(step: ProcessStep): boolean {
  return step.rule !== undefined && step.proposed !== true;
}

function stepTitle(kind: ProcessKind, step: ProcessStep, roleName: (id: string) => string): string {
  const by =
    step.rule === undefined
      ? 'in person'
      : step.proposed === true
        ? `in person, confirming what rule ${step.rule} proposes`
        : `by rule ${step.rule}`;
  return `${step.act} ${kind.id}: performed by the ${step.party} (${roleName(step.role)}) ${by}; brings about ${kind.id}/${step.fact}`;
}

function frame(kind: ProcessKind, roleName: (id: string) => string): Frame {
  const header: TextItem[] = [
    { text: `${kind.id} ${kind.label}`, style: { size: 12, bold: true } },
    { text: `${roleName(kind.initiator)} → ${roleName(kind.executor)}`, style: { size: 10 } },
  ];
  const stepWidth =
    Math.max(symbol, ...kind.steps.map((s) => textWidth(`⚙ ${s.act}`, stepStyle))) + 6;
  const stepsWidth = kind.steps.length * stepWidth + (kind.steps.length - 1) * stepGap;
  // The kind's name sits left of its steps, so links can reach a step from above and below.
  const headerWidth = Math.min(widestLine(header), 200);
  const headerLines = header.flatMap((item) =>
    measureLines([{ ...item, wrapAt: headerWidth }]).map((line) => ({ ...line, item })),
  );
  const headerHeight = headerLines.reduce((h, l) => h + l.height, 0);
  const stepsHeight = symbol + 4 + lineHeight(stepStyle);
  const height = Math.max(headerHeight, stepsHeight) + 2 * 14;
  const top = (height - stepsHeight) / 2;
  const left = side + headerWidth + 2 * side;
  const width = left + stepsWidth + side;
  let headerY = (height - headerHeight) / 2;
  const headerLabels = headerLines.map((line): LaidText => {
    const label: LaidText = {
      text: line.text,
      x: side,
      y: headerY,
      width: line.width,
      height: line.height,
      size: line.style.size,
      ...(line.style.bold === true ? { bold: true } : {}),
      align: 'start',
    };
    headerY += line.height;
    return label;
  });
  const steps = kind.steps.map((step, i) => {
    const x = left + i * (stepWidth + stepGap);
    const { labels } = stackLines(
      // An act an action rule performs is marked with a gear.
      [{ text: automated(step) ? `⚙ ${step.act}` : step.act, style: stepStyle }],
      stepWidth,
      top + symbol + 4,
    );
    return {
      step,
      node: {
        id: `step:${kind.id}/${step.act}`,
        shape: step.production ? 'production-step' : 'coordination-step',
        x,
        y: top,
        width: stepWidth,
        height: symbol + 4 + lineHeight(stepStyle),
        symbol: { x: x + (stepWidth - symbol) / 2, y: top, width: symbol, height: symbol },
        labels: labels.map((l) => ({ ...l, x: l.x + x })),
        title: stepTitle(kind, step, roleName),
      } satisfies LaidNode,
    };
  });
  return {
    node: {
      id: `frame:${kind.id}`,
      shape: 'transaction-frame',
      width,
      height,
      labels: headerLabels,
      title: `${kind.id} ${kind.label}: initiated by ${roleName(kind.initiator)}, executed by ${roleName(kind.executor)}`,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
    },
    steps,
  };
}

/** Lays out the Process Structure Diagram of a model (pure but for awaiting ELK). */
export async function processLayout(model: Model): Promise<DiagramLayout> {
  const structure = processStructure(model);
  const roleName = (id: string): string => model.actorRoles[id]?.name ?? id;
  const frames = structure.kinds.map((kind) => frame(kind, roleName));
  const depthOf = new Map(structure.kinds.map((k) => [k.id, k.depth]));
  const stepOf = (kind: string, matches: (s: ProcessStep) => boolean): ProcessStep | undefined =>
    structure.kinds.find((k) => k.id === kind)?.steps.find(matches);
  // Each link meets a step at a port of its own, side by side, so two links into one step stay apart.
  const portsAt = new Map<string, { id: string; kind: string; act: string; side: 'n' | 's' }[]>();
  const portAt = (kind: string, step: ProcessStep, side: 'n' | 's', link: number): string => {
    const key = `${kind}/${step.act}:${side}`;
    const id = `${key}:${link}`;
    portsAt.set(key, [...(portsAt.get(key) ?? []), { id, kind, act: step.act, side }]);
    return id;
  };
  const edges: GraphEdge[] = structure.links.flatMap((link, i): GraphEdge[] => {
    const fromStep = stepOf(link.fact.kind, (s) => s.fact === link.fact.fact);
    const toStep = stepOf(link.act.kind, (s) => s.act === link.act.act);
    // A link from the fact of a deeper kind to a shallower one leaves upwards, else downwards.
    const up = (depthOf.get(link.fact.kind) ?? 0) > (depthOf.get(link.act.kind) ?? 0);
    const end = (kind: string, step: ProcessStep | undefined, side: 'n' | 's') =>
      step === undefined
        ? { at: `frame:${kind}` }
        : { at: portAt(kind, step, side, i), node: `frame:${kind}` };
    const from = end(link.fact.kind, fromStep, up ? 'n' : 's');
    const to = end(link.act.kind, toStep, up ? 's' : 'n');
    const what =
      link.type === 'response'
        ? `(${link.fact.kind}/${link.fact.fact}) → [${link.act.kind}/${link.act.act}]`
        : `[${link.act.kind}/${link.act.act}] waits for (${link.fact.kind}/${link.fact.fact})`;
    const texts = [
      ...(fromStep === undefined ? [link.fact.fact] : []),
      ...(link.cardinality === undefined ? [] : [link.cardinality]),
    ];
    return [
      {
        id: `${link.type}:${i}`,
        style: link.type,
        source: from.at,
        ...(from.node === undefined ? {} : { sourceNode: from.node }),
        target: to.at,
        ...(to.node === undefined ? {} : { targetNode: to.node }),
        labels: texts.map((text) => ({ text, style: { size: 11, bold: true } })),
        labelPlacement: 'HEAD',
        title: `${link.type === 'response' ? 'response link' : 'wait link'} ${what}${link.cardinality === undefined ? '' : `, cardinality ${link.cardinality}`}`,
      },
    ];
  });
  const withPorts = (f: Frame): GraphNode => {
    const ports = [...portsAt.values()].flatMap((group) =>
      group.flatMap((p, k) => {
        const step = f.steps.find((s) => `frame:${p.kind}` === f.node.id && s.step.act === p.act);
        if (step === undefined) return [];
        const x = step.node.x + step.node.width / 2 + (k - (group.length - 1) / 2) * 16;
        return [
          {
            id: p.id,
            side: p.side === 'n' ? ('NORTH' as const) : ('SOUTH' as const),
            x,
            y: p.side === 'n' ? 0 : f.node.height,
          },
        ];
      }),
    );
    return { ...f.node, ports };
  };
  const laid = await layoutGraph(frames.map(withPorts), edges, {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.layered.spacing.nodeNodeBetweenLayers': '60',
    'elk.spacing.nodeNode': '40',
    'elk.spacing.edgeNode': '20',
    'elk.spacing.edgeEdge': '12',
    'elk.padding': '[top=20,left=20,bottom=20,right=20]',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  });
  // The steps inside each frame, and the arrows from one step to the next, move with their frame.
  const placed = new Map(laid.nodes.map((n) => [n.id, n]));
  const stepNodes: LaidNode[] = [];
  const stepEdges: LaidEdge[] = [];
  for (const f of frames) {
    const at = placed.get(f.node.id);
    if (at === undefined) continue;
    const moved = f.steps.map(({ node }) => ({
      ...node,
      x: node.x + at.x,
      y: node.y + at.y,
      symbol:
        node.symbol === undefined
          ? undefined
          : { ...node.symbol, x: node.symbol.x + at.x, y: node.symbol.y + at.y },
      labels: node.labels.map((l) => ({ ...l, x: l.x + at.x, y: l.y + at.y })),
    }));
    stepNodes.push(...(moved as LaidNode[]));
    moved.forEach((node, i) => {
      const next = moved[i + 1];
      if (next?.symbol === undefined || node.symbol === undefined) return;
      const y = node.symbol.y + node.symbol.height / 2;
      stepEdges.push({
        id: `step:${node.id}`,
        style: 'step',
        source: node.id,
        target: next.id,
        points: [
          { x: node.symbol.x + node.symbol.width, y },
          { x: next.symbol.x, y },
        ],
        labels: [],
      });
    });
  }
  // Links end at the frame's border; they go on to the step's symbol (below it: to its label).
  const stepById = new Map(stepNodes.map((n) => [n.id, n]));
  const reach = (e: LaidEdge, end: 'start' | 'end'): LaidEdge => {
    const spec = edges.find((g) => g.id === e.id);
    const port = end === 'start' ? spec?.source : spec?.target;
    const match = port === undefined ? null : /^(.*):([ns]):\d+$/.exec(port);
    const step = match === null ? undefined : stepById.get(`step:${match[1] ?? ''}`);
    const point = end === 'start' ? e.points[0] : e.points[e.points.length - 1];
    if (match === null || step === undefined || point === undefined) return e;
    const y = match[2] === 'n' ? step.y : step.y + step.height + 2;
    const extra = { x: point.x, y };
    return { ...e, points: end === 'start' ? [extra, ...e.points] : [...e.points, extra] };
  };
  const linkEdges = laid.edges.map((e) => reach(reach(e, 'start'), 'end'));
  return {
    view: 'process',
    title: `Process Structure Diagram of ${structure.name}`,
    width: laid.width,
    height: laid.height,
    nodes: [...laid.nodes.map((n) => ({ ...n, container: true })), ...stepNodes],
    edges: [...stepEdges, ...linkEdges],
  };
}
