/**
 * The BPMN 2.0 XML of a model's Process Model, to open in bpmn.io or Camunda Modeler: the
 * collaboration of `bpmn-collaboration.ts` (a pool per actor role, the steps it performs, sequence
 * and message flows) with its diagram interchange (BPMN DI) from `bpmn-layout.ts`, so it opens laid
 * out. The processes are documentation, not meant to be executed (`isExecutable="false"`): Factum
 * runs the transactions itself. Written as text with every attribute and name escaped.
 */
import type { Model } from '../../model/model.ts';
import { escapeXml } from '../../model/diagram/index.ts';
import { modelSource } from '../cloudevents/fact-cloudevent.ts';
import {
  bpmnCollaboration,
  type BpmnCollaboration,
  type BpmnFlow,
  type BpmnNode,
} from './bpmn-collaboration.ts';
import { layoutCollaboration, type BpmnLayout } from './bpmn-layout.ts';

const namespaces = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"',
  'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"',
  'xmlns:di="http://www.omg.org/spec/DD/20100524/DI"',
].join(' ');

/** Text fit for XML: escaped, and without the control characters XML 1.0 cannot hold (pure). */
function text(value: string): string {
  return escapeXml(value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ''));
}

/** ` name="…"` when there is a name (pure). */
function nameAttribute(name: string | undefined): string {
  return name === undefined || name === '' ? '' : ` name="${text(name)}"`;
}

const r = (n: number): number => Math.round(n * 10) / 10;

/** The XML element of one flow node, with its incoming and outgoing flows (pure). */
function flowNodeXml(node: BpmnNode, flows: readonly BpmnFlow[]): string[] {
  const element = node.type === 'messageStartEvent' ? 'startEvent' : node.type;
  const inner = [
    ...(node.documentation === undefined
      ? []
      : [`<bpmn:documentation>${text(node.documentation)}</bpmn:documentation>`]),
    ...flows
      .filter((f) => f.type === 'sequence' && f.target === node.id)
      .map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`),
    ...flows
      .filter((f) => f.type === 'sequence' && f.source === node.id)
      .map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`),
    ...(node.type === 'messageStartEvent'
      ? [`<bpmn:messageEventDefinition id="${node.id}_message" />`]
      : []),
  ];
  const gateway = node.type === 'parallelGateway' ? ' gatewayDirection="Converging"' : '';
  return [
    `    <bpmn:${element} id="${node.id}"${nameAttribute(node.name)}${gateway}>`,
    ...inner.map((line) => `      ${line}`),
    `    </bpmn:${element}>`,
  ];
}

/** The flow's element: a sequence flow in a process, a message flow in the collaboration (pure). */
function flowXml(flow: BpmnFlow, indent: string): string {
  const element = flow.type === 'sequence' ? 'sequenceFlow' : 'messageFlow';
  return `${indent}<bpmn:${element} id="${flow.id}"${nameAttribute(flow.name)} sourceRef="${flow.source}" targetRef="${flow.target}" />`;
}

/** The BPMN DI of the collaboration: a shape per pool and node, an edge per flow (pure). */
function diagramXml(collaboration: BpmnCollaboration, layout: BpmnLayout): string[] {
  const shapes = [...collaboration.pools.map((p) => p.id), ...collaboration.nodes.map((n) => n.id)];
  const pools = new Set(collaboration.pools.map((p) => p.id));
  return [
    '  <bpmndi:BPMNDiagram id="BPMNDiagram_1">',
    '    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Collaboration_1">',
    ...shapes.flatMap((id) => {
      const b = layout.shapes.get(id);
      if (b === undefined) return [];
      return [
        `      <bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${pools.has(id) ? ' isHorizontal="true"' : ''}>`,
        `        <dc:Bounds x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" />`,
        '      </bpmndi:BPMNShape>',
      ];
    }),
    ...collaboration.flows.flatMap((flow) => {
      const points = layout.edges.get(flow.id);
      if (points === undefined) return [];
      return [
        `      <bpmndi:BPMNEdge id="${flow.id}_di" bpmnElement="${flow.id}">`,
        ...points.map((p) => `        <di:waypoint x="${r(p.x)}" y="${r(p.y)}" />`),
        '      </bpmndi:BPMNEdge>',
      ];
    }),
    '    </bpmndi:BPMNPlane>',
    '  </bpmndi:BPMNDiagram>',
  ];
}

/** Writes a collaboration and its layout as a BPMN 2.0 XML document (pure). */
export function bpmnXml(collaboration: BpmnCollaboration, layout: BpmnLayout): string {
  const { pools, nodes, flows } = collaboration;
  const processes = pools.flatMap((pool) => {
    const own = new Set(nodes.filter((n) => n.pool === pool.id).map((n) => n.id));
    return [
      `  <bpmn:process id="${pool.processId}"${nameAttribute(pool.name)} isExecutable="false">`,
      ...nodes.filter((n) => own.has(n.id)).flatMap((n) => flowNodeXml(n, flows)),
      ...flows
        .filter((f) => f.type === 'sequence' && own.has(f.source))
        .map((f) => flowXml(f, '    ')),
      '  </bpmn:process>',
    ];
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<bpmn:definitions ${namespaces} id="Definitions_1" targetNamespace="${text(modelSource(collaboration.name))}" exporter="Factum" exporterVersion="1">`,
    '  <bpmn:collaboration id="Collaboration_1">',
    ...pools.map(
      (p) =>
        `    <bpmn:participant id="${p.id}"${nameAttribute(p.name)} processRef="${p.processId}" />`,
    ),
    ...flows.filter((f) => f.type === 'message').map((f) => flowXml(f, '    ')),
    '  </bpmn:collaboration>',
    ...processes,
    ...diagramXml(collaboration, layout),
    '</bpmn:definitions>',
    '',
  ].join('\n');
}

/**
 * The BPMN 2.0 XML of a model (pure): a pool per actor role with the transaction steps it performs,
 * message flows between the roles, the Process Model's links as flows, and a laid-out diagram.
 * @example
 * await writeFile('shop.bpmn', bpmnDocument(shop));
 */
export function bpmnDocument(model: Model): string {
  const collaboration = bpmnCollaboration(model);
  return bpmnXml(collaboration, layoutCollaboration(collaboration));
}
