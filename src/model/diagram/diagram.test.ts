import { describe, expect, it } from 'vitest';
import { shopModel } from '../../../examples/shop/model.ts';
import { defineModel } from '../define-model.ts';
import type { Model } from '../model.ts';
import { cooperationMermaid, eventModelMermaid } from './mermaid.ts';
import { cooperationSvg } from './cooperation-svg.ts';
import { eventModel } from './event-model.ts';
import { eventModelSvg } from './event-model-svg.ts';

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

describe('the Cooperation Model diagram', () => {
  it.each([
    ['shop', shopModel],
    ['tricky', tricky],
  ])('draws every role and kind of %s as well-formed SVG with readable labels', (_name, model) => {
    const svg = cooperationSvg(model);
    const { elements, texts } = parseXml(svg);
    expect(elements[0]).toBe('svg');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    const shown = texts.map(unescape);
    for (const [id, role] of Object.entries(model.actorRoles)) {
      expect(svg).toContain(`id="role-${id}"`);
      expect(shown).toContain(role.name);
    }
    for (const [id, kind] of Object.entries(model.transactionKinds)) {
      expect(svg).toContain(`id="kind-${id}"`);
      expect(shown).toContain(`${id} ${kind.label ?? kind.name}`);
    }
  });

  it('draws response links solid and wait links dashed, labelled with their facts and acts', () => {
    const svg = cooperationSvg(shopModel);
    expect(svg.match(/class="response-link"/g)).toHaveLength(2);
    expect(svg.match(/class="wait-link"><path [^>]*stroke-dasharray/g)).toHaveLength(2);
    expect(svg).toContain('promised → request');
    expect(svg).toContain('execute waits for accepted');
  });

  it('writes Mermaid with every role, kind and link, labels escaped', () => {
    const text = cooperationMermaid(shopModel);
    expect(text.split('\n')[0]).toBe('flowchart LR');
    expect(text).toContain('role_CA01[["CA01 customer"]]');
    expect(text).toContain('kind_TK01{"⊕ TK01 order completion"}');
    expect(text).toContain('role_CA01 ---|initiator| kind_TK01');
    expect(text).toContain('kind_TK01 ---|executor| role_A01');
    expect(text).toContain('kind_TK01 -->|"promised → request"| kind_TK02');
    expect(text).toContain('kind_TK03 -.->|"execute waits for accepted"| kind_TK01');
    const escaped = cooperationMermaid(tricky);
    expect(escaped).toContain('role_CA01[["CA01 sponsor #quot;Q#quot;"]]');
    expect(escaped).toContain('"⊕ TK01 study #lt;completion#gt;"');
  });
});

describe('the event model', () => {
  it('orders the slices as the shop runs: children after the fact that starts them, waits before execute', () => {
    const slices = eventModel(shopModel).slices.map((s) => `${s.kind}/${s.act}`);
    expect(slices).toEqual([
      'TK01/request',
      'TK01/promise',
      'TK02/request',
      'TK02/promise',
      'TK02/execute',
      'TK02/declare',
      'TK02/accept',
      'TK03/request',
      'TK03/promise',
      'TK03/execute',
      'TK03/declare',
      'TK03/accept',
      'TK01/execute',
      'TK01/declare',
      'TK01/accept',
    ]);
  });

  it('puts each act in its performer lane, names its event, and marks automations and the views read', () => {
    const em = eventModel(shopModel);
    const slice = (key: string) => em.slices.find((s) => `${s.kind}/${s.act}` === key);
    expect(slice('TK01/request')).toMatchObject({
      role: 'CA01',
      event: 'OrderRequested',
      trigger: { type: 'screen' },
    });
    expect(slice('TK01/request')?.view).toBeUndefined();
    expect(slice('TK02/request')).toMatchObject({
      role: 'A01',
      event: 'PaymentRequested',
      trigger: { type: 'automation', by: 'rule request-payment' },
      view: { name: 'agenda A01' },
    });
    expect(slice('TK01/execute')).toMatchObject({
      trigger: { by: 'rule complete-order' },
      view: {
        waitsFor: [
          { kind: 'TK02', fact: 'accepted' },
          { kind: 'TK03', fact: 'accepted' },
        ],
      },
    });
    expect(slice('TK03/promise')).toMatchObject({ role: 'A02', trigger: { type: 'screen' } });
    expect(em.views.map((v) => v.name)).toEqual(['customer-orders', 'pending-orders']);
  });

  it('draws well-formed SVG with a lane per role and kind, and a command, event and view per slice', () => {
    const svg = eventModelSvg(shopModel);
    const { texts } = parseXml(svg);
    const shown = texts.map(unescape);
    for (const [id, role] of Object.entries(shopModel.actorRoles))
      expect(shown).toContain(`${id} ${role.name}`);
    for (const [id, kind] of Object.entries(shopModel.transactionKinds))
      expect(shown).toContain(`${id} ${kind.name} events`);
    expect(svg.match(/id="command-\d+"/g)).toHaveLength(15);
    expect(svg.match(/id="event-\d+"/g)).toHaveLength(15);
    expect(svg.match(/id="view-\d+"/g)).toHaveLength(14);
    expect(svg).toContain('fill="#bcd7ff"');
    expect(svg).toContain('fill="#ffc98b"');
    expect(svg).toContain('fill="#b9f0c0"');
    for (const event of ['OrderRequested', 'PaymentAccepted', 'ShipmentDeclared', 'OrderAccepted'])
      expect(shown).toContain(event);
    expect(() => parseXml(eventModelSvg(tricky))).not.toThrow();
  });

  it('writes Mermaid with a subgraph per lane and the colour classes', () => {
    const text = eventModelMermaid(shopModel);
    expect(text).toContain('subgraph lane_CA01["CA01 customer"]');
    expect(text).toContain('subgraph events_TK02["TK02 Payment events"]');
    expect(text).toContain('c0["request Order"]:::command');
    expect(text).toContain('e0["OrderRequested"]:::event');
    expect(text).toContain('e1 --> v2');
    expect(text).toMatch(/classDef command fill:#bcd7ff/);
  });
});
