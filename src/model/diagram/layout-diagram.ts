/** One entry to every diagram of a model: lay out a view, draw it as SVG (pure but for awaiting ELK). */
import type { Model } from '../model.ts';
import { cooperationLayout } from './cooperation-layout.ts';
import { eventModelLayout, type EventModelLayoutOptions } from './event-model-layout.ts';
import type { DiagramLayout, DiagramView } from './layout-types.ts';
import { processLayout } from './process-layout.ts';
import { diagramSvg, type SvgOptions } from './svg.ts';

/** The views of a model that can be drawn, in the order the docs and the dashboard show them. */
export const diagramViews: readonly DiagramView[] = ['cooperation', 'process', 'event-model'];

/** Whether a string names a view that can be drawn (pure). */
export function isDiagramView(value: string): value is DiagramView {
  return (diagramViews as readonly string[]).includes(value);
}

/** Lays out one view of a model: the OCD, the PSD or the event model. */
export async function layoutDiagram(
  model: Model,
  view: DiagramView,
  options: EventModelLayoutOptions = {},
): Promise<DiagramLayout> {
  switch (view) {
    case 'cooperation':
      return cooperationLayout(model);
    case 'process':
      return processLayout(model);
    case 'event-model':
      return eventModelLayout(model, options);
  }
}

/** Lays out one view of a model and draws it as a self-contained SVG document. */
export async function drawDiagram(
  model: Model,
  view: DiagramView,
  options: EventModelLayoutOptions & SvgOptions = {},
): Promise<string> {
  return diagramSvg(await layoutDiagram(model, view, options), options);
}
