/**
 * Mermaid text of the two diagrams: the Cooperation Model as a flowchart (roles as boxes, kinds as
 * diamonds, initiator and executor links, response links solid, wait links dashed) and the event
 * model as a left-to-right flowchart with one subgraph per swimlane and the usual colours.
 */
import type { Model } from '../model.ts';
import { cooperationGraph } from './cooperation-graph.ts';
import { eventModel } from './event-model.ts';

/** A Mermaid node id from any id: letters, digits and underscores only (pure). */
function nodeId(prefix: string, id: string): string {
  return `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** A Mermaid label in double quotes, with quotes and markup characters escaped (pure). */
function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')}"`;
}

/** The Cooperation Model as a Mermaid flowchart (pure). */
export function cooperationMermaid(model: Model): string {
  const graph = cooperationGraph(model);
  const lines = ['flowchart LR', `  %% Cooperation Model of ${graph.name}`];
  for (const role of graph.roles) {
    const text = label(`${role.id} ${role.name}`);
    lines.push(
      role.kind === 'elementary'
        ? `  ${nodeId('role', role.id)}[${text}]`
        : `  ${nodeId('role', role.id)}[[${text}]]`,
    );
  }
  for (const kind of graph.kinds)
    lines.push(`  ${nodeId('kind', kind.id)}{${label(`⊕ ${kind.id} ${kind.label}`)}}`);
  for (const kind of graph.kinds) {
    lines.push(`  ${nodeId('role', kind.initiator)} ---|initiator| ${nodeId('kind', kind.id)}`);
    lines.push(`  ${nodeId('kind', kind.id)} ---|executor| ${nodeId('role', kind.executor)}`);
  }
  for (const link of graph.responseLinks)
    lines.push(
      `  ${nodeId('kind', link.from.kind)} -->|${label(`${link.from.fact} → ${link.to.act}`)}| ${nodeId('kind', link.to.kind)}`,
    );
  for (const link of graph.waitLinks)
    lines.push(
      `  ${nodeId('kind', link.waitsFor.kind)} -.->|${label(`${link.act.act} waits for ${link.waitsFor.fact}`)}| ${nodeId('kind', link.act.kind)}`,
    );
  lines.push('  classDef environmental fill:#f4f4f4,stroke:#666,stroke-dasharray:4 2');
  const environmental = graph.roles.filter((r) => r.kind !== 'elementary');
  if (environmental.length > 0)
    lines.push(`  class ${environmental.map((r) => nodeId('role', r.id)).join(',')} environmental`);
  return `${lines.join('\n')}\n`;
}

/** The event model as a Mermaid flowchart: swimlanes as subgraphs, blue commands, orange events, green views (pure). */
export function eventModelMermaid(model: Model): string {
  const em = eventModel(model);
  const lines = ['flowchart LR', `  %% Event model of ${em.name}`];
  for (const lane of em.roleLanes) {
    lines.push(`  subgraph ${nodeId('lane', lane.id)}[${label(`${lane.id} ${lane.name}`)}]`);
    for (const s of em.slices.filter((slice) => slice.role === lane.id)) {
      const text =
        s.trigger.type === 'automation' ? `⚙ ${s.trigger.by}` : `screen: ${s.act} ${s.kindName}`;
      lines.push(`    t${s.index}[${label(text)}]:::${s.trigger.type}`);
    }
    lines.push('  end');
  }
  lines.push(`  subgraph commands_and_views[${label('commands and views')}]`);
  for (const s of em.slices) {
    if (s.view !== undefined) {
      const waits = s.view.waitsFor.map((f) => `${f.kind}/${f.fact}`).join(', ');
      lines.push(
        `    v${s.index}[${label(waits === '' ? s.view.name : `${s.view.name} (waits for ${waits})`)}]:::view`,
      );
    }
    lines.push(`    c${s.index}[${label(`${s.act} ${s.kindName}`)}]:::command`);
  }
  em.views.forEach((view, i) => lines.push(`    mv${i}[${label(`view ${view.name}`)}]:::view`));
  lines.push('  end');
  for (const lane of em.eventLanes) {
    lines.push(
      `  subgraph ${nodeId('events', lane.id)}[${label(`${lane.id} ${lane.name} events`)}]`,
    );
    for (const s of em.slices.filter((slice) => slice.kind === lane.id))
      lines.push(`    e${s.index}[${label(s.event)}]:::event`);
    lines.push('  end');
  }
  for (const s of em.slices) {
    if (s.view !== undefined) {
      for (const before of s.after) lines.push(`  e${before} --> v${s.index}`);
      lines.push(`  v${s.index} --> t${s.index}`);
    }
    lines.push(`  t${s.index} --> c${s.index}`, `  c${s.index} --> e${s.index}`);
  }
  lines.push(
    '  classDef command fill:#bcd7ff,stroke:#2b6cb0,color:#000',
    '  classDef event fill:#ffc98b,stroke:#c05621,color:#000',
    '  classDef view fill:#b9f0c0,stroke:#2f855a,color:#000',
    '  classDef screen fill:#ffffff,stroke:#555,color:#000',
    '  classDef automation fill:#ffffff,stroke:#555,stroke-dasharray:3 2,color:#000',
  );
  return `${lines.join('\n')}\n`;
}
