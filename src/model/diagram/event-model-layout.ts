/**
 * The event model laid out as Event Modeling draws it: a timeline read left to right in swimlanes —
 * the role's screens and automations (white; an automation is the action rule that performs the
 * act), commands and views (blue, green), events (orange) — wrapped into rows no wider than a page,
 * each row showing only the lanes it uses. A timeline is a table, not a graph: slices keep their
 * order and lanes their rows, so the grid is computed here from measured text, and the arrows run
 * in the gaps between boxes (an event feeds a view along the gutter under the commands).
 */
import type { Model } from '../model.ts';
import { eventModel, type EventModel, type Slice } from './event-model.ts';
import {
  bold,
  boxHeight,
  boxWidth,
  laidBox,
  triggerItems,
  viewItems,
  wrapped,
} from './event-model-boxes.ts';
import { measureLines, type TextItem } from './label-block.ts';
import type { DiagramLayout, LaidEdge, LaidNode, NodeShape } from './layout-types.ts';

/** How wide a row may grow before the timeline wraps, in px. */
export interface EventModelLayoutOptions {
  readonly maxWidth?: number;
}

const header = 150;
const gap = 14;
const pad = 8;
const laneGap = 12;

interface Column {
  readonly slice?: Slice;
  readonly closing?: EventModel['views'][number];
  readonly width: number;
}

/** A flow straight down the middle of a slice, from the bottom of one box to the top of the next. */
function downFlow(id: string, source: LaidNode, target: LaidNode): LaidEdge {
  const mid = source.x + source.width / 2;
  return {
    id,
    style: 'flow',
    source: source.id,
    target: target.id,
    points: [
      { x: mid, y: source.y + source.height },
      { x: mid, y: target.y },
    ],
    labels: [],
  };
}

/** Lays out the event model of a model, wrapped into rows (pure). */
export function eventModelLayout(
  model: Model,
  options: EventModelLayoutOptions = {},
): DiagramLayout {
  const em = eventModel(model);
  const maxWidth = Math.max(options.maxWidth ?? 1400, header + 2 * boxWidth + 3 * gap);
  const roleName = (id: string): string => model.actorRoles[id]?.name ?? id;
  const columns: Column[] = [
    ...em.slices.map((slice) => ({
      slice,
      width: (slice.view === undefined ? 1 : 2) * (boxWidth + gap),
    })),
    ...em.views.map((closing) => ({ closing, width: boxWidth + gap })),
  ];
  const rows: Column[][] = [];
  let used = Infinity;
  for (const column of columns) {
    if (used + column.width > maxWidth - header - gap) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1]?.push(column);
    used += column.width;
  }
  // Every box of a lane has the lane's height in its row: the tallest box of its kind there.
  const tallest = (items: TextItem[][]): number => Math.max(36, ...items.map(boxHeight));

  const nodes: LaidNode[] = [];
  const edges: LaidEdge[] = [];
  let top = 10;
  let width = 0;
  rows.forEach((row, r) => {
    const slices = row.flatMap((c) => (c.slice === undefined ? [] : [c.slice]));
    const closings = row.flatMap((c) => (c.closing === undefined ? [] : [c.closing]));
    const triggerH = tallest(slices.map((s) => triggerItems(s, roleName(s.role))));
    const eventH = tallest(slices.map((s) => [wrapped(s.event, bold)]));
    const middleBox = Math.max(
      tallest(slices.map((s) => viewItems(s, em))),
      tallest(slices.map((s) => [wrapped(`${s.act} ${s.kindName}`, bold)])),
      tallest(closings.map((v) => [wrapped(`${v.type} ${v.name}`, bold)])),
    );
    const roles = em.roleLanes.filter((l) => slices.some((s) => s.role === l.id));
    const kinds = em.eventLanes.filter((l) => slices.some((s) => s.kind === l.id));
    const feeds = slices.filter((s) => s.after.some((i) => slices.some((x) => x.index === i)));
    const gutter = 10 + 5 * Math.max(0, ...feeds.map((s) => s.after.length)) + 5 * feeds.length;
    const roleTop = new Map<string, number>();
    let y = top;
    for (const lane of roles) {
      roleTop.set(lane.id, y);
      y += triggerH + 2 * laneGap;
    }
    const middleTop = y;
    y += middleBox + 2 * laneGap + gutter;
    const eventTop = new Map<string, number>();
    for (const lane of kinds) {
      eventTop.set(lane.id, y);
      y += eventH + 2 * laneGap;
    }
    const rowWidth = header + gap + row.reduce((w, c) => w + c.width, 0);
    width = Math.max(width, rowWidth);
    const lane = (
      id: string,
      laneTop: number,
      height: number,
      text: string,
      shape: NodeShape,
    ): void => {
      const items = [wrapped(text, bold)];
      const lines = measureLines(items);
      const textH = lines.reduce((h, l) => h + l.height, 0);
      let ly = laneTop + (height - textH) / 2;
      nodes.push({
        id,
        shape,
        container: true,
        x: 0,
        y: laneTop,
        width: rowWidth,
        height,
        labels: lines.map((l) => {
          const label = {
            text: l.text,
            x: pad,
            y: ly,
            width: l.width,
            height: l.height,
            size: l.style.size,
            bold: true,
            align: 'start' as const,
          };
          ly += l.height;
          return label;
        }),
      });
    };
    for (const l of roles)
      lane(
        `row${r}:lane:${l.id}`,
        roleTop.get(l.id) ?? 0,
        triggerH + 2 * laneGap,
        `${l.id} ${l.name}`,
        'lane',
      );
    lane(
      `row${r}:lane:commands`,
      middleTop,
      middleBox + 2 * laneGap + gutter,
      'commands and views',
      'lane',
    );
    for (const l of kinds)
      lane(
        `row${r}:lane:events:${l.id}`,
        eventTop.get(l.id) ?? 0,
        eventH + 2 * laneGap,
        `${l.name} events`,
        'lane',
      );

    const eventBoxes = new Map<number, LaidNode>();
    const viewBoxes: { slice: Slice; box: LaidNode }[] = [];
    let x = header + gap;
    for (const column of row) {
      if (column.closing !== undefined) {
        const v = column.closing;
        nodes.push(
          laidBox(
            `closing:${v.type}:${v.name}`,
            'view',
            { x, y: middleTop + laneGap },
            middleBox,
            [wrapped(`${v.type} ${v.name}`, bold)],
            v.description,
          ),
        );
        x += column.width;
        continue;
      }
      const s = column.slice;
      if (s === undefined) continue;
      let cx = x;
      if (s.view !== undefined) {
        const box = laidBox(
          `view:${s.index}`,
          'view',
          { x, y: middleTop + laneGap },
          middleBox,
          viewItems(s, em),
        );
        nodes.push(box);
        viewBoxes.push({ slice: s, box });
        cx = x + boxWidth + gap;
      }
      const trigger = laidBox(
        `trigger:${s.index}`,
        s.trigger.type === 'automation' ? 'automation' : 'screen',
        { x: cx, y: (roleTop.get(s.role) ?? 0) + laneGap },
        triggerH,
        triggerItems(s, roleName(s.role)),
        s.trigger.type === 'automation'
          ? `The action rule ${s.trigger.rule} of ${roleName(s.role)} performs ${s.act} ${s.kindName}`
          : `A person in the role ${roleName(s.role)} performs ${s.act} ${s.kindName} at a screen${s.trigger.proposedBy === undefined ? '' : `, confirming what the action rule ${s.trigger.proposedBy} proposes`}`,
      );
      const command = laidBox(
        `command:${s.index}`,
        'command',
        { x: cx, y: middleTop + laneGap },
        middleBox,
        [wrapped(`${s.act} ${s.kindName}`, bold)],
      );
      const event = laidBox(
        `event:${s.index}`,
        'event',
        { x: cx, y: (eventTop.get(s.kind) ?? 0) + laneGap },
        eventH,
        [wrapped(s.event, bold)],
      );
      nodes.push(trigger, command, event);
      eventBoxes.set(s.index, event);
      edges.push(
        downFlow(`flow:${s.index}:command`, trigger, command),
        downFlow(`flow:${s.index}:event`, command, event),
      );
      if (s.view !== undefined) {
        const v = viewBoxes[viewBoxes.length - 1]?.box;
        if (v !== undefined) {
          const triggerMid = trigger.y + trigger.height / 2;
          edges.push({
            id: `flow:${s.index}:trigger`,
            style: 'feeds',
            source: v.id,
            target: trigger.id,
            points: [
              { x: v.x + v.width / 2, y: v.y },
              { x: v.x + v.width / 2, y: triggerMid },
              { x: trigger.x, y: triggerMid },
            ],
            labels: [],
          });
        }
      }
      x += column.width;
    }
    // Events feed the views of later slices in this row along the gutter, one track per arrow.
    let track = 0;
    const gutterTop = middleTop + laneGap + middleBox + laneGap;
    for (const { slice, box } of viewBoxes) {
      slice.after.forEach((i, k) => {
        const source = eventBoxes.get(i);
        if (source === undefined) return;
        track += 1;
        const gy = gutterTop + 5 * track;
        const sx = source.x + source.width * (0.25 + 0.1 * (track % 5));
        const tx = box.x + box.width * (0.3 + 0.12 * k);
        edges.push({
          id: `feeds:${i}:${slice.index}`,
          style: 'feeds',
          source: source.id,
          target: box.id,
          points: [
            { x: sx, y: source.y },
            { x: sx, y: gy },
            { x: tx, y: gy },
            { x: tx, y: box.y + box.height },
          ],
          labels: [],
        });
      });
    }
    top = y + 24;
  });
  return {
    view: 'event-model',
    title: `Event model of ${em.name}`,
    width: width + 10,
    height: top,
    nodes,
    edges,
  };
}
