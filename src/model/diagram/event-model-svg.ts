/**
 * The event model drawn as SVG: a timeline read left to right, swimlanes top to bottom (one per actor
 * role with its screens and automations, one for commands and views, one per transaction kind for its
 * events). Each slice is a column: the agenda view the performer reads (green), the trigger, the
 * command (blue) and the event (orange); arrows run view → trigger → command → event → next view.
 */
import type { Model } from '../model.ts';
import { eventModel, type Slice } from './event-model.ts';
import {
  centre,
  centredText,
  connector,
  escapeXml,
  labelledBox,
  rect,
  svgDocument,
  type Box,
} from './svg-parts.ts';

const header = 170;
const boxWidth = 130;
const boxHeight = 50;
const gap = 16;
const roleLaneHeight = 84;
const middleLaneHeight = 96;
const eventLaneHeight = 76;
const titleHeight = 36;
const sliceWidth = 2 * boxWidth + 3 * gap;

const colours = {
  command: ['#bcd7ff', '#2b6cb0'],
  event: ['#ffc98b', '#c05621'],
  view: ['#b9f0c0', '#2f855a'],
  trigger: ['#ffffff', '#555555'],
} as const;

/** Draws the event model derived from a model as an SVG document (pure). */
export function eventModelSvg(model: Model): string {
  const em = eventModel(model);
  const roleTop = new Map<string, number>();
  let y = titleHeight;
  for (const lane of em.roleLanes) {
    roleTop.set(lane.id, y);
    y += roleLaneHeight;
  }
  const middleTop = y;
  y += middleLaneHeight;
  const eventTop = new Map<string, number>();
  for (const lane of em.eventLanes) {
    eventTop.set(lane.id, y);
    y += eventLaneHeight;
  }
  const height = y + 20;
  const width =
    header + em.slices.length * sliceWidth + em.views.length * (boxWidth + 2 * gap) + gap;

  const parts: string[] = [];
  const lane = (id: string, top: number, laneHeight: number, text: string, fill: string): void => {
    parts.push(
      `<g id="${escapeXml(id)}" class="lane">${rect({ x: 0, y: top, width, height: laneHeight }, fill, '#ccc')}` +
        centredText(
          [text],
          { x: header / 2, y: top + laneHeight / 2 },
          { size: 12, weight: 'bold' },
        ) +
        '</g>',
    );
  };
  em.roleLanes.forEach((l, i) =>
    lane(
      `lane-${l.id}`,
      roleTop.get(l.id) ?? 0,
      roleLaneHeight,
      `${l.id} ${l.name}`,
      i % 2 === 0 ? '#fafafa' : '#f2f2f2',
    ),
  );
  lane('lane-commands-and-views', middleTop, middleLaneHeight, 'commands and views', '#f5f8ff');
  em.eventLanes.forEach((l, i) =>
    lane(
      `events-${l.id}`,
      eventTop.get(l.id) ?? 0,
      eventLaneHeight,
      `${l.id} ${l.name} events`,
      i % 2 === 0 ? '#fffaf3' : '#fff4e6',
    ),
  );

  const columnX = (s: Slice): number => header + s.index * sliceWidth;
  const triggerBox = (s: Slice): Box => ({
    x: columnX(s) + 2 * gap + boxWidth,
    y: (roleTop.get(s.role) ?? middleTop) + (roleLaneHeight - boxHeight) / 2,
    width: boxWidth,
    height: boxHeight,
  });
  const commandBox = (s: Slice): Box => ({
    x: columnX(s) + 2 * gap + boxWidth,
    y: middleTop + (middleLaneHeight - boxHeight) / 2,
    width: boxWidth,
    height: boxHeight,
  });
  const viewBox = (s: Slice): Box => ({ ...commandBox(s), x: columnX(s) + gap });
  const eventBox = (s: Slice): Box => ({
    x: columnX(s) + 2 * gap + boxWidth,
    y: (eventTop.get(s.kind) ?? middleTop) + (eventLaneHeight - boxHeight) / 2,
    width: boxWidth,
    height: boxHeight,
  });

  const arrows: string[] = [];
  const boxes: string[] = [];
  for (const s of em.slices) {
    const trigger = triggerBox(s);
    const command = commandBox(s);
    const event = eventBox(s);
    const automated = s.trigger.type === 'automation';
    boxes.push(
      labelledBox(
        trigger,
        s.trigger.type === 'automation' ? `⚙ ${s.trigger.by}` : `${s.role} ${s.act}s`,
        colours.trigger[0],
        colours.trigger[1],
        { id: `trigger-${s.index}`, dashed: automated },
      ),
      labelledBox(command, `${s.act} ${s.kindName}`, colours.command[0], colours.command[1], {
        id: `command-${s.index}`,
      }),
      labelledBox(event, s.event, colours.event[0], colours.event[1], { id: `event-${s.index}` }),
    );
    arrows.push(
      connector(
        { x: centre(trigger).x, y: trigger.y + trigger.height },
        { x: centre(command).x, y: command.y },
        { arrow: true },
      ),
      connector(
        { x: centre(command).x, y: command.y + command.height },
        { x: centre(event).x, y: event.y },
        { arrow: true },
      ),
    );
    if (s.view !== undefined) {
      const view = viewBox(s);
      const waits = s.view.waitsFor.map((f) => `${f.kind}/${f.fact}`).join(', ');
      boxes.push(
        labelledBox(
          view,
          waits === '' ? s.view.name : `${s.view.name}, waits for ${waits}`,
          colours.view[0],
          colours.view[1],
          { id: `view-${s.index}` },
        ),
      );
      for (const before of s.after) {
        const source = em.slices[before];
        if (source === undefined) continue;
        const from = eventBox(source);
        const feedsFromBelow = from.y > view.y;
        arrows.push(
          connector(
            { x: from.x + from.width * 0.75, y: feedsFromBelow ? from.y : from.y + from.height },
            { x: view.x + view.width / 2, y: feedsFromBelow ? view.y + view.height : view.y },
            {
              arrow: true,
              colour: '#2f855a',
              dashed: s.view.waitsFor.some((f) => f.kind === source.kind),
            },
          ),
        );
      }
      arrows.push(
        connector(
          { x: view.x + view.width / 2, y: view.y },
          { x: trigger.x, y: trigger.y + trigger.height / 2 },
          { arrow: true, colour: '#2f855a' },
        ),
      );
    }
  }
  em.views.forEach((view, i) => {
    const box: Box = {
      x: header + em.slices.length * sliceWidth + gap + i * (boxWidth + 2 * gap),
      y: middleTop + (middleLaneHeight - boxHeight) / 2,
      width: boxWidth,
      height: boxHeight,
    };
    boxes.push(
      labelledBox(box, `view ${view.name}`, colours.view[0], colours.view[1], {
        id: `model-view-${i}`,
      }),
    );
  });
  const title = centredText(
    [`Event model: ${em.name}`],
    { x: width / 2, y: titleHeight / 2 },
    {
      size: 15,
      weight: 'bold',
    },
  );
  return svgDocument(
    width,
    height,
    `Event model of ${em.name}`,
    title + parts.join('') + arrows.join('') + boxes.join(''),
  );
}
