/** Lines of text stacked and centred in a box: the labels of a node, measured (pure). */
import type { LaidText } from './layout-types.ts';
import { lineHeight, textWidth, wrapText, type TextStyle } from './text-metrics.ts';

/** A piece of text to set, wrapped at `wrapAt` px when given. */
export interface TextItem {
  readonly text: string;
  readonly style: TextStyle;
  readonly wrapAt?: number;
}

/** The wrapped lines of some text items with their widths (pure). */
export function measureLines(
  items: readonly TextItem[],
): { text: string; style: TextStyle; width: number; height: number }[] {
  return items.flatMap((item) =>
    (item.wrapAt === undefined ? [item.text] : wrapText(item.text, item.wrapAt, item.style)).map(
      (text) => ({
        text,
        style: item.style,
        width: textWidth(text, item.style),
        height: lineHeight(item.style),
      }),
    ),
  );
}

/** The width the widest line of some text items needs (pure). */
export function widestLine(items: readonly TextItem[]): number {
  return Math.max(0, ...measureLines(items).map((l) => l.width));
}

/**
 * Stacks text items in a column of the given width, centred, from `top`; returns the labels
 * (relative to the column's left edge) and the height they take (pure).
 */
export function stackLines(
  items: readonly TextItem[],
  width: number,
  top: number,
): { labels: LaidText[]; height: number } {
  let y = top;
  const labels = measureLines(items).map((line): LaidText => {
    const label: LaidText = {
      text: line.text,
      x: (width - line.width) / 2,
      y,
      width: line.width,
      height: line.height,
      size: line.style.size,
      ...(line.style.bold === true ? { bold: true } : {}),
    };
    y += line.height;
    return label;
  });
  return { labels, height: y - top };
}
