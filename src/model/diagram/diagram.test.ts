import { describe, expect, it } from 'vitest';
import { shopModel } from '../../../examples/shop/model.ts';
import { defineModel } from '../define-model.ts';
import type { Model } from '../model.ts';
import { rentalLike } from './five-kinds.test-support.ts';
import { diagramViews, drawDiagram, layoutDiagram } from './layout-diagram.ts';
import { cooperationMermaid, eventModelMermaid, processMermaid } from './mermaid.ts';

/**
 * A small XML well-formedness check: one root, every tag closed in order, attributes quoted, only
 * the five predefined entities (or character references). Returns the element names in order.
 */
function parseXml(text: string): { elements: string[]; texts: string[] } {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const elements: string[] = [];
  const texts: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let consumed = 0;
  for (let match = token.exec(body); match !== null; match = token.exec(body)) {
    consumed = token.lastIndex;
    const [, closing, name, , selfClosing, chars] = match;
    if (chars !== undefined) {
      if (stack.length === 0 && chars.trim() !== '')
        throw new Error(`text outside the root: ${chars}`);
      const bad = chars.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, '');
      if (bad.includes('&') || bad.includes('>')) throw new Error(`unescaped text: ${chars}`);
      if (chars.trim() !== '') texts.push(chars);
      continue;
    }
    if (closing === '/') {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name ?? ''}> closes <${open ?? ''}>`);
      continue;
    }
    if (stack.length === 0) roots += 1;
    elements.push(name ?? '');
    if (selfClosing !== '/') stack.push(name ?? '');
  }
  if (consumed !== body.length)
    throw new Error(`not well-formed at: ${body.slice(consumed, consumed + 60)}`);
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return { elements, texts };
}

const unescape = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** A model with a label that needs escaping and a kind nobody starts. */
const tricky: Model = defineModel({
  name: 'R&D <lab>',
  actorRoles: {
    CA01: { name: 'sponsor "Q"', kind: 'environmental' },
    A01: { name: 'lab & bench' },
    A02: { name: 'auditor' },
  },
  transactionKinds: {
    TK01: {
      name: 'Study',
      label: 'study <completion>',
      product: '[study] is done',
      initiator: 'CA01',
      executor: 'A01',
      example: {},
    },
    TK02: {
      name: 'Audit',
      product: '[audit] is passed',
      initiator: 'A02',
      executor: 'A01',
      example: {},
    },
  },
});

describe('the SVG of every diagram', () => {
  it.each([
    ['shop', shopModel],
    ['tricky', tricky],
    ['rent-a-car', rentalLike],
  ])('is well-formed, with every role and kind of %s named, escaped', async (_name, model) => {
    for (const view of diagramViews) {
      const svg = await drawDiagram(model, view, { idPrefix: `${view}-` });
      const { elements, texts } = parseXml(svg);
      expect(elements[0]).toBe('svg');
      expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
      const shown = texts.map(unescape).join(' ');
      for (const [id, kind] of Object.entries(model.transactionKinds)) {
        if (view !== 'event-model') expect(shown).toContain(`${id} ${kind.label ?? kind.name}`);
        else expect(shown).toContain(kind.name);
      }
      if (view === 'cooperation')
        for (const role of Object.values(model.actorRoles)) expect(shown).toContain(role.name);
      // Every marker a path uses is defined, with the prefix.
      for (const [, id] of svg.matchAll(/url\(#([^)]+)\)/g)) expect(svg).toContain(`id="${id}"`);
      expect(svg).not.toMatch(/url\(#(?!\w+-)/);
    }
  });

  it('draws the Organization Construction Diagram in DEMO notation: boundary, grey environment, executor squares', async () => {
    const svg = await drawDiagram(shopModel, 'cooperation');
    expect(svg.match(/class="node boundary"/g)).toHaveLength(1);
    expect(svg.match(/class="node environmental-role"/g)).toHaveLength(1);
    expect(svg.match(/class="node actor-role"/g)).toHaveLength(2);
    expect(svg.match(/class="node transaction-kind"/g)).toHaveLength(3);
    expect(
      svg.match(
        /class="edge executor"[^>]*>(<title>[^<]*<\/title>)?<path [^>]*marker-end="url\(#square-executor\)"/g,
      ),
    ).toHaveLength(3);
    expect(svg.match(/class="edge initiator"/g)).toHaveLength(3);
  });

  it('draws the Process Structure Diagram with response and wait links and their cardinalities', async () => {
    const layout = await layoutDiagram(shopModel, 'process');
    const response = layout.edges.filter((e) => e.style === 'response');
    const wait = layout.edges.filter((e) => e.style === 'wait');
    expect(response.map((e) => [e.source, e.target, e.labels.map((l) => l.text)])).toEqual([
      ['frame:TK01', 'frame:TK02', ['1']],
      ['frame:TK02', 'frame:TK03', ['1']],
    ]);
    expect(wait.map((e) => [e.source, e.target, e.labels.map((l) => l.text)])).toEqual([
      ['frame:TK02', 'frame:TK01', ['1']],
      ['frame:TK03', 'frame:TK01', ['1']],
    ]);
    const svg = await drawDiagram(shopModel, 'process');
    expect(
      svg.match(/class="edge wait"[^>]*>(<title>[^<]*<\/title>)?<path [^>]*stroke-dasharray/g),
    ).toHaveLength(2);
    expect(svg).toContain('⚙ promise');
    const rental = await layoutDiagram(rentalLike, 'process');
    expect(rental.edges.flatMap((e) => e.labels.map((l) => l.text))).toContain('0..1');
  });

  it('writes Mermaid of the three views, labels escaped', () => {
    const coop = cooperationMermaid(shopModel);
    expect(coop.split('\n')[0]).toBe('flowchart LR');
    expect(coop).toContain('role_CA01["CA01 customer"]');
    expect(coop).toContain('subgraph boundary["shop"]');
    expect(coop).toContain('kind_TK01{"TK01 order completion"}');
    expect(coop).toContain('role_CA01 ---|initiator| kind_TK01');
    expect(coop).toContain('kind_TK01 ---|executor| role_A01');
    expect(cooperationMermaid(tricky)).toContain('role_CA01["CA01 sponsor #quot;Q#quot;"]');
    const process = processMermaid(shopModel);
    expect(process).toContain('subgraph kind_TK01["TK01 order completion"]');
    expect(process).toContain('step_TK01_promise ==>|"1"| step_TK02_request');
    expect(process).toContain('step_TK03_accept -.->|"1"| step_TK01_execute');
    const em = eventModelMermaid(shopModel);
    expect(em).toContain('subgraph lane_CA01["CA01 customer"]');
    expect(em).toContain('t12["⚙ complete-order"]:::automation');
    expect(em).toContain('e0["OrderRequested"]:::event');
    expect(em).toMatch(/classDef command fill:#bcd7ff/);
  });
});
