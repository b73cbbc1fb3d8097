/**
 * The Cooperation Model as SVG, drawn from the model: actor roles as boxes (environmental roles
 * grey), each transaction kind as DEMO's diamond-in-disc on its own row between its initiator and
 * its executor (the executor's end marked with a small square), response links as solid arrows and
 * wait links as dashed arrows between kinds.
 */
import type { ModelDoc } from '../api-types.ts';
import { roleColumns } from './event-slices.ts';

const colWidth = 210;
const boxWidth = 160;
const boxHeight = 48;
const top = 20;
const rowTop = 130;
const rowGap = 96;
const radius = 20;

/** The Cooperation Model diagram of a model. */
export function CooperationDiagram(props: { model: ModelDoc }) {
  const { model } = props;
  const columns = roleColumns(model);
  const kinds = Object.entries(model.transactionKinds);
  const roleX = (role: string): number => 30 + (columns.get(role) ?? 0) * colWidth + boxWidth / 2;
  const kindPos = new Map<string, { x: number; y: number }>();
  kinds.forEach(([id, kind], index) => {
    const a = roleX(kind.initiator);
    const b = roleX(kind.executor);
    const x = a === b ? a + colWidth / 2 : (a + b) / 2;
    kindPos.set(id, { x, y: rowTop + index * rowGap });
  });
  const tracks =
    (model.processModel?.responseLinks ?? []).length + (model.processModel?.waitLinks ?? []).length;
  const width = 30 + columns.size * colWidth + 40 + tracks * 16 + 20;
  const height = rowTop + Math.max(kinds.length, 1) * rowGap;
  const links = model.processModel?.responseLinks ?? [];
  const waits = model.processModel?.waitLinks ?? [];
  const rightmost = Math.max(0, ...[...columns.values()]);
  const laneX = 30 + rightmost * colWidth + boxWidth + 30;
  // Links between kinds run in a margin right of the roles, one track each, so none overlaps another.
  const route = (from: string, to: string, track: number): string | undefined => {
    const a = kindPos.get(from);
    const b = kindPos.get(to);
    if (a === undefined || b === undefined) return undefined;
    const x = laneX + track * 16;
    return `M ${a.x} ${a.y - radius} V ${a.y - radius - 8 - track * 3} H ${x} V ${b.y + 8 + track * 3} H ${b.x + radius + 1}`;
  };
  const side = (roleXValue: number, k: { x: number }): number =>
    roleXValue < k.x ? k.x - radius : k.x + radius;
  return (
    <svg
      class="diagram"
      role="img"
      aria-label={`Cooperation Model of ${model.name}`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
    >
      <defs>
        <marker
          id="coop-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#475569" />
        </marker>
      </defs>
      {kinds.map(([id, kind]) => {
        const k = kindPos.get(id);
        if (k === undefined) return null;
        const ix = roleX(kind.initiator);
        const ex = roleX(kind.executor);
        const by = top + boxHeight;
        return (
          <g key={`links-${id}`} class="links">
            <path d={`M ${ix} ${by} V ${k.y} H ${side(ix, k)}`} class="link" />
            <path d={`M ${side(ex, k)} ${k.y} H ${ex} V ${by + 6}`} class="link" />
            <rect x={ex - 5} y={by} width={10} height={10} class="exec-mark" />
          </g>
        );
      })}
      {links.map((link, index) => {
        const d = route(link.from.kind, link.to.kind, index);
        return d === undefined ? null : (
          <path key={`r${index}`} d={d} class="response-link" marker-end="url(#coop-arrow)">
            <title>{`${link.from.kind} ${link.from.fact} → ${link.to.act} ${link.to.kind}`}</title>
          </path>
        );
      })}
      {waits.map((link, index) => {
        const d = route(link.waitsFor.kind, link.act.kind, links.length + index);
        return d === undefined ? null : (
          <path key={`w${index}`} d={d} class="wait-link" marker-end="url(#coop-arrow)">
            <title>{`${link.act.act} ${link.act.kind} waits for ${link.waitsFor.kind} ${link.waitsFor.fact}`}</title>
          </path>
        );
      })}
      {Object.entries(model.actorRoles).map(([id, role]) => {
        const x = roleX(id) - boxWidth / 2;
        return (
          <g
            key={id}
            class={`role ${role.kind === 'environmental' ? 'environmental' : ''}`}
            data-role={id}
          >
            <title>{`${id} ${role.name}${role.description === undefined ? '' : `: ${role.description}`}`}</title>
            <rect x={x} y={top} width={boxWidth} height={boxHeight} rx={4} />
            <text x={x + boxWidth / 2} y={top + 20} class="title">
              {id}
            </text>
            <text x={x + boxWidth / 2} y={top + 37} class="sub">
              {role.name}
            </text>
          </g>
        );
      })}
      {kinds.map(([id, kind]) => {
        const k = kindPos.get(id);
        if (k === undefined) return null;
        const d = radius * 0.95;
        return (
          <g key={id} class="kind" data-kind={id}>
            <title>{`${id} ${kind.name}: ${kind.product ?? ''}`}</title>
            <circle cx={k.x} cy={k.y} r={radius} />
            <path
              d={`M ${k.x} ${k.y - d} L ${k.x + d} ${k.y} L ${k.x} ${k.y + d} L ${k.x - d} ${k.y} Z`}
              class="diamond"
            />
            <text x={k.x} y={k.y + 4} class="kind-id">
              {id}
            </text>
            <text x={k.x} y={k.y + radius + 16} class="sub">
              {kind.label ?? kind.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
