/**
 * The event model as SVG, in Event Modeling's conventions: a timeline read left to right, one
 * swimlane per actor role (its screens and automations, white), a lane for commands (blue) and the
 * views they read (green), and one lane per transaction kind for its events (orange). The model's
 * own views and ledgers close the timeline.
 */
import type { ModelDoc } from '../api-types.ts';
import { eventSlices } from './event-slices.ts';

const header = 170;
const col = 150;
const boxW = 130;
const boxH = 44;
const roleLane = 70;
const middleLane = 120;
const eventLane = 70;

/** The event model diagram of a model. */
export function EventModelDiagram(props: { model: ModelDoc }) {
  const { model } = props;
  const slices = eventSlices(model);
  const roles = Object.entries(model.actorRoles);
  const kinds = Object.entries(model.transactionKinds);
  const closing = [
    ...(model.views ?? []).map((v) => ({
      name: v.name,
      note: v.readableBy?.join(', ') ?? 'all roles',
    })),
    ...(model.ledgers ?? []).map((l) => ({
      name: `ledger ${l.name}`,
      note: `${l.reserveOn} reserves`,
    })),
  ];
  const roleTop = new Map(roles.map(([id], index) => [id, index * roleLane]));
  const middleTop = roles.length * roleLane;
  const eventTop = new Map(
    kinds.map(([id], index) => [id, middleTop + middleLane + index * eventLane]),
  );
  const height = middleTop + middleLane + kinds.length * eventLane;
  const width = header + (slices.length + Math.max(closing.length, 0)) * col + 20;
  const xOf = (index: number): number => header + index * col + (col - boxW) / 2;
  const lanes = [
    ...roles.map(([id, role]) => ({
      key: `role-${id}`,
      top: roleTop.get(id) ?? 0,
      h: roleLane,
      label: role.name,
      sub: id,
      cls: 'lane-role',
      data: id,
    })),
    {
      key: 'middle',
      top: middleTop,
      h: middleLane,
      label: 'commands & views',
      sub: '',
      cls: 'lane-middle',
      data: '',
    },
    ...kinds.map(([id, kind]) => ({
      key: `kind-${id}`,
      top: eventTop.get(id) ?? 0,
      h: eventLane,
      label: `${kind.name} events`,
      sub: id,
      cls: 'lane-events',
      data: '',
    })),
  ];
  return (
    <svg
      class="diagram event-model"
      role="img"
      aria-label={`Event model of ${model.name}`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
    >
      <defs>
        <marker
          id="em-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b" />
        </marker>
      </defs>
      {lanes.map((lane) => (
        <g
          key={lane.key}
          class={`lane ${lane.cls}`}
          {...(lane.data === '' ? {} : { 'data-lane-role': lane.data })}
        >
          <rect x={0} y={lane.top} width={width} height={lane.h} />
          <text x={10} y={lane.top + lane.h / 2 - 2} class="lane-label">
            {lane.label}
          </text>
          <text x={10} y={lane.top + lane.h / 2 + 14} class="lane-sub">
            {lane.sub}
          </text>
        </g>
      ))}
      {slices.map((slice, index) => {
        const x = xOf(index);
        const ry = (roleTop.get(slice.role) ?? 0) + (roleLane - boxH) / 2;
        const vy = middleTop + 10;
        const cy = middleTop + middleLane - boxH - 10;
        const ey = (eventTop.get(slice.kind) ?? 0) + (eventLane - boxH) / 2;
        const cx = x + boxW / 2;
        const roleName = model.actorRoles[slice.role]?.name ?? slice.role;
        return (
          <g
            key={`${slice.kind}-${slice.act}`}
            class="slice"
            data-slice={`${slice.kind}.${slice.act}`}
          >
            <g class={slice.automation === undefined ? 'box screen' : 'box automation'}>
              <rect x={x} y={ry} width={boxW} height={boxH} rx={4} />
              <text x={cx} y={ry + 18}>
                {slice.automation === undefined ? 'screen' : '⚙ automation'}
              </text>
              <text x={cx} y={ry + 34} class="small">
                {slice.automation ?? roleName}
              </text>
            </g>
            {slice.view === undefined ? null : (
              <g class="box view">
                <rect x={x} y={vy} width={boxW} height={boxH - 8} rx={4} />
                <text x={cx} y={vy + 22} class="small">
                  agenda of {roleName}
                </text>
              </g>
            )}
            <g class="box command" data-command={`${slice.act} ${slice.kind}`}>
              <rect x={x} y={cy} width={boxW} height={boxH} rx={4} />
              <text x={cx} y={cy + 18}>
                {slice.act}
              </text>
              <text x={cx} y={cy + 34} class="small">
                {slice.kindName}
              </text>
            </g>
            <g class="box event" data-event={slice.factType}>
              <rect x={x} y={ey} width={boxW} height={boxH} rx={4} />
              <text x={cx} y={ey + 27}>
                {slice.factType}
              </text>
            </g>
            <path
              d={`M ${cx} ${ry + boxH} L ${cx} ${cy}`}
              class="arrow"
              marker-end="url(#em-arrow)"
            />
            <path
              d={`M ${cx} ${cy + boxH} L ${cx} ${ey}`}
              class="arrow"
              marker-end="url(#em-arrow)"
            />
          </g>
        );
      })}
      {closing.map((view, index) => {
        const x = xOf(slices.length + index);
        const vy = middleTop + (middleLane - boxH) / 2;
        return (
          <g key={view.name} class="box view" data-view={view.name}>
            <rect x={x} y={vy} width={boxW} height={boxH} rx={4} />
            <text x={x + boxW / 2} y={vy + 18}>
              {view.name}
            </text>
            <text x={x + boxW / 2} y={vy + 34} class="small">
              {view.note}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
