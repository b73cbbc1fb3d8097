/**
 * Mermaid text of the three diagrams, for documents that render Mermaid: the Organization
 * Construction Diagram (roles as boxes inside or outside the boundary of the organisation, kinds as
 * diamonds, initiator and executor links), the Process Structure Diagram (a subgraph per kind with
 * its steps, response links solid and wait links dashed, labelled with their cardinalities) and the
 * event model (a subgraph per swimlane, Event Modeling's colours). Same derivation as the SVG.
 */
import type { Model } from '../model.ts';
import { cooperationGraph, type RoleNode } from './cooperation-graph.ts';
import { eventModel } from './event-model.ts';
import { processStructure } from './process-structure.ts';

/** A Mermaid node id from any id: letters, digits and underscores only (pure). */
function nodeId(prefix: string, id: string): string {
  return `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** A Mermaid label in double quotes, with quotes and markup characters escaped (pure). */
function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')}"`;
}

/** The Organization Construction Diagram as a Mermaid flowchart (pure). */
export function cooperationMermaid(model: Model): string {
  const graph = cooperationGraph(model);
  const lines = ['flowchart LR', `  %% Organization Construction Diagram of ${graph.name}`];
  const role = (r: RoleNode): string => `  ${nodeId('role', r.id)}[${label(`${r.id} ${r.name}`)}]`;
  const kind = (k: (typeof graph.kinds)[number]): string =>
    `  ${nodeId('kind', k.id)}{${label(`${k.id} ${k.label}`)}}`;
  for (const r of graph.roles.filter((x) => !x.inside)) lines.push(role(r));
  for (const k of graph.kinds.filter((x) => !x.inside)) lines.push(kind(k));
  lines.push(`  subgraph boundary[${label(graph.name)}]`);
  for (const r of graph.roles.filter((x) => x.inside)) lines.push(`  ${role(r)}`);
  for (const k of graph.kinds.filter((x) => x.inside)) lines.push(`  ${kind(k)}`);
  lines.push('  end');
  for (const k of graph.kinds) {
    lines.push(`  ${nodeId('role', k.initiator)} ---|initiator| ${nodeId('kind', k.id)}`);
    lines.push(`  ${nodeId('kind', k.id)} ---|executor| ${nodeId('role', k.executor)}`);
  }
  lines.push('  classDef environmental fill:#e3e3e3,stroke:#222');
  const environmental = graph.roles.filter((r) => !r.inside);
  if (environmental.length > 0)
    lines.push(`  class ${environmental.map((r) => nodeId('role', r.id)).join(',')} environmental`);
  return `${lines.join('\n')}\n`;
}

/** The Process Structure Diagram as a Mermaid flowchart (pure). */
export function processMermaid(model: Model): string {
  const structure = processStructure(model);
  const lines = ['flowchart TB', `  %% Process Structure Diagram of ${structure.name}`];
  const step = (kind: string, act: string): string => nodeId('step', `${kind}_${act}`);
  for (const kind of structure.kinds) {
    lines.push(`  subgraph ${nodeId('kind', kind.id)}[${label(`${kind.id} ${kind.label}`)}]`);
    lines.push('    direction LR');
    for (const s of kind.steps) {
      const text = label(s.rule === undefined || s.proposed === true ? s.act : `⚙ ${s.act}`);
      lines.push(`    ${step(kind.id, s.act)}${s.production ? `{${text}}` : `((${text}))`}`);
    }
    lines.push(`    ${kind.steps.map((s) => step(kind.id, s.act)).join(' --> ')}`);
    lines.push('  end');
  }
  for (const link of structure.links) {
    const from = structure.kinds
      .find((k) => k.id === link.fact.kind)
      ?.steps.find((s) => s.fact === link.fact.fact);
    const source =
      from === undefined ? nodeId('kind', link.fact.kind) : step(link.fact.kind, from.act);
    const target = step(link.act.kind, link.act.act);
    const text = link.cardinality === undefined ? '' : `|${label(link.cardinality)}|`;
    lines.push(`  ${source} ${link.type === 'response' ? '==>' : '-.->'}${text} ${target}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The event model as a Mermaid flowchart: swimlanes as subgraphs, blue commands, orange events, green views (pure). */
export function eventModelMermaid(model: Model): string {
  const em = eventModel(model);
  const lines = ['flowchart LR', `  %% Event model of ${em.name}`];
  for (const lane of em.roleLanes) {
    const slices = em.slices.filter((slice) => slice.role === lane.id);
    if (slices.length === 0) continue;
    lines.push(`  subgraph ${nodeId('lane', lane.id)}[${label(`${lane.id} ${lane.name}`)}]`);
    for (const s of slices) {
      const text =
        s.trigger.type === 'automation'
          ? `⚙ ${s.trigger.rule}`
          : `screen: ${lane.name}${s.trigger.proposedBy === undefined ? '' : ` (confirms ${s.trigger.proposedBy})`}`;
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
  em.views.forEach((view, i) =>
    lines.push(`    mv${i}[${label(`${view.type} ${view.name}`)}]:::view`),
  );
  lines.push('  end');
  for (const lane of em.eventLanes) {
    lines.push(`  subgraph ${nodeId('events', lane.id)}[${label(`${lane.name} events`)}]`);
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
