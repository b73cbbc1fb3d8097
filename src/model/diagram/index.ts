/**
 * @module factum/model/diagram
 * Diagrams of a model, derived and laid out once for the CLI, the HTTP API (and so the dashboard)
 * and the docs: DEMO's Organization Construction Diagram (the Cooperation Model) and Process
 * Structure Diagram (the Process Model), laid out by ELK, and the event model derived from them, as
 * laid-out data, as SVG or as Mermaid text.
 */
export type { ActPerformer } from './act-performers.ts';
export { actPerformers, basicPatternActs } from './act-performers.ts';
export type { CooperationGraph, KindNode, RoleNode } from './cooperation-graph.ts';
export { cooperationGraph } from './cooperation-graph.ts';
export type { EventModel, ModelViewBox, Slice, SliceTrigger } from './event-model.ts';
export { eventModel } from './event-model.ts';
export type { EventModelLayoutOptions } from './event-model-layout.ts';
export type {
  DiagramLayout,
  DiagramView,
  EdgeStyle,
  LaidEdge,
  LaidItem,
  LaidNode,
  LaidText,
  NodeShape,
  Point,
  Rect,
} from './layout-types.ts';
export { diagramViews, drawDiagram, isDiagramView, layoutDiagram } from './layout-diagram.ts';
export { cooperationMermaid, eventModelMermaid, processMermaid } from './mermaid.ts';
export type {
  ProcessKind,
  ProcessLink,
  ProcessStep,
  ProcessStructure,
} from './process-structure.ts';
export { processStructure } from './process-structure.ts';
export type { SvgOptions } from './svg.ts';
export { diagramSvg, escapeXml } from './svg.ts';
export { textWidth } from './text-metrics.ts';
