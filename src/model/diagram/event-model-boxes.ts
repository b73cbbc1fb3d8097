/** The boxes of the event model: their size, their text, what a trigger and a view say (pure). */
import type { EventModel, Slice } from './event-model.ts';
import { measureLines, stackLines, type TextItem } from './label-block.ts';
import type { LaidNode, NodeShape, Point } from './layout-types.ts';

/** The width of every box of the event model, in px. */
export const boxWidth = 128;
const pad = 8;
/** The styles of a box's first line and of the lines after it. */
export const bold = { size: 11, bold: true } as const;
const plain = { size: 10 } as const;

/** The height of a box holding some text items, padded (pure). */
export function boxHeight(items: readonly TextItem[]): number {
  return measureLines(items).reduce((h, l) => h + l.height, 0) + 2 * pad;
}

/** A box of the event model at a point, its text centred in it (pure). */
export function laidBox(
  id: string,
  shape: NodeShape,
  at: Point,
  height: number,
  items: readonly TextItem[],
  title?: string,
): LaidNode {
  const textHeight = measureLines(items).reduce((h, l) => h + l.height, 0);
  const { labels } = stackLines(items, boxWidth, at.y + (height - textHeight) / 2);
  return {
    id,
    shape,
    x: at.x,
    y: at.y,
    width: boxWidth,
    height,
    labels: labels.map((l) => ({ ...l, x: l.x + at.x })),
    ...(title === undefined ? {} : { title }),
  };
}

/** A text item wrapped to a box's width. */
export const wrapped = (text: string, style: { size: number; bold?: boolean }): TextItem => ({
  text,
  style,
  wrapAt: boxWidth - 2 * pad,
});

/** What a slice's trigger says: a person's screen, or the action rule that acts (pure). */
export function triggerItems(s: Slice, roleName: string): TextItem[] {
  if (s.trigger.type === 'automation')
    return [wrapped('⚙ automation', bold), wrapped(s.trigger.rule, plain)];
  return [
    wrapped('screen', bold),
    wrapped(roleName, plain),
    ...(s.trigger.proposedBy === undefined
      ? []
      : [wrapped(`confirms ⚙ ${s.trigger.proposedBy}`, plain)]),
  ];
}

/** What a slice's view says: the agenda, the fact it answers, what the act waits for (pure). */
export function viewItems(s: Slice, em: EventModel): TextItem[] {
  if (s.view === undefined) return [];
  const eventOf = (kind: string, fact: string): string =>
    em.slices.find((x) => x.kind === kind && x.fact === fact)?.event ?? `${kind}/${fact}`;
  return [
    wrapped(s.view.name, bold),
    ...(s.view.answers === undefined
      ? []
      : [wrapped(eventOf(s.view.answers.kind, s.view.answers.fact), plain)]),
    ...s.view.waitsFor.map((f) => wrapped(`waits for ${eventOf(f.kind, f.fact)}`, plain)),
  ];
}
