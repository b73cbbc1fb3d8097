/**
 * A laid-out diagram as data: every node, frame and lane with its box, every label with its own box,
 * every edge as a polyline. What the layouts produce and the one SVG renderer draws; what the HTTP
 * API serves as JSON; what the tests check for overlaps and clipped labels.
 */

/** A point in diagram coordinates (px, origin top left). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A box in diagram coordinates: its top-left corner and size. */
export interface Rect extends Point {
  readonly width: number;
  readonly height: number;
}

/** One line of text, placed: `x`/`y` are the box's top left; the text is centred in it unless `align` says start. */
export interface LaidText extends Rect {
  readonly text: string;
  readonly size: number;
  readonly bold?: boolean;
  readonly align?: 'middle' | 'start';
}

/** The shapes the renderer knows, in DEMO's and Event Modeling's notations. */
export type NodeShape =
  | 'boundary'
  | 'actor-role'
  | 'environmental-role'
  | 'transaction-kind'
  | 'transaction-frame'
  | 'coordination-step'
  | 'production-step'
  | 'lane'
  | 'screen'
  | 'automation'
  | 'command'
  | 'event'
  | 'view';

/** What nodes and edges alike have: an id, their labels placed, and a tooltip. */
export interface LaidItem {
  readonly id: string;
  readonly labels: readonly LaidText[];
  /** A longer description, shown as a tooltip. */
  readonly title?: string;
}

/** A node (or a frame, a lane) with its box and its labels. */
export interface LaidNode extends Rect, LaidItem {
  readonly shape: NodeShape;
  /** For frames and lanes: drawn behind, and other nodes may sit inside. */
  readonly container?: boolean;
  /** Where the shape's symbol sits inside the box (a transaction kind's disc); the box when absent. */
  readonly symbol?: Rect;
}

/** The kinds of line, in DEMO's and Event Modeling's notations. */
export type EdgeStyle = 'initiator' | 'executor' | 'step' | 'response' | 'wait' | 'flow' | 'feeds';

/** An edge as a polyline from its source to its target, with its labels placed. */
export interface LaidEdge extends LaidItem {
  readonly style: EdgeStyle;
  readonly source: string;
  readonly target: string;
  readonly points: readonly Point[];
}

/** The views of a model that can be drawn. */
export type DiagramView = 'cooperation' | 'process' | 'event-model';

/** A whole laid-out diagram, its size and everything drawn in it. */
export interface DiagramLayout extends Pick<Rect, 'width' | 'height'> {
  readonly view: DiagramView;
  readonly title: string;
  readonly nodes: readonly LaidNode[];
  readonly edges: readonly LaidEdge[];
}
