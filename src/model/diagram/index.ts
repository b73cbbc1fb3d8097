/**
 * @module factum/model/diagram
 * Diagrams of a model, as pure functions: the Cooperation Model and the event model derived from it,
 * as Mermaid text or as a self-contained SVG document (no dependencies, shared by the CLI and the
 * dashboard).
 */
export type { CooperationGraph, KindNode, RoleNode } from './cooperation-graph.ts';
export { cooperationGraph } from './cooperation-graph.ts';
export { cooperationSvg } from './cooperation-svg.ts';
export type { EventModel, ModelViewBox, Slice, SliceTrigger } from './event-model.ts';
export { basicPatternActs, eventModel } from './event-model.ts';
export { eventModelSvg } from './event-model-svg.ts';
export { cooperationMermaid, eventModelMermaid } from './mermaid.ts';
export { escapeXml } from './svg-parts.ts';
