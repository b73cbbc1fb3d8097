import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopModel } from '../../../examples/shop/model.ts';
import type { Cardinality, Model } from '../model.ts';
import { rentalLike } from './five-kinds.test-support.ts';
import { kindTree, parentOf } from './kind-tree.test-support.ts';
import { diagramViews, layoutDiagram } from './layout-diagram.ts';
import type { DiagramLayout, LaidText, Rect } from './layout-types.ts';
import { textWidth } from './text-metrics.ts';

const overlap = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

const inside = (inner: Rect, outer: Rect): boolean =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

const fits = (label: LaidText): boolean =>
  label.width >=
  textWidth(label.text, { size: label.size, ...(label.bold === true ? { bold: true } : {}) });

/** Every way a layout could be unreadable, as a list of complaints (empty when it is readable). */
function problems(layout: DiagramLayout): string[] {
  const found: string[] = [];
  const all = { x: 0, y: 0, width: layout.width, height: layout.height };
  const boxes = layout.nodes.filter((n) => n.container !== true);
  const frames = layout.nodes.filter((n) => n.container === true);
  for (const group of [boxes, frames])
    group.forEach((a, i) => {
      for (const b of group.slice(i + 1)) if (overlap(a, b)) found.push(`${a.id} overlaps ${b.id}`);
    });
  for (const n of layout.nodes) {
    if (!inside(n, all)) found.push(`${n.id} lies outside the drawing`);
    for (const label of n.labels) {
      if (!fits(label)) found.push(`'${label.text}' of ${n.id} is clipped`);
      if (!inside(label, n)) found.push(`'${label.text}' sticks out of ${n.id}`);
    }
  }
  for (const e of layout.edges) {
    if (e.points.length < 2) found.push(`${e.id} has no route`);
    for (const p of e.points)
      if (!inside({ ...p, width: 0, height: 0 }, all)) found.push(`${e.id} leaves the drawing`);
    for (const label of e.labels) {
      if (!fits(label)) found.push(`'${label.text}' of ${e.id} is clipped`);
      for (const b of boxes)
        if (overlap(label, b)) found.push(`'${label.text}' of ${e.id} covers ${b.id}`);
    }
  }
  return found;
}

describe('the layouts', () => {
  it.each([
    ['shop', shopModel],
    ['rent-a-car', rentalLike],
  ])('of %s keep nodes apart and every label whole', async (_name, model) => {
    for (const view of diagramViews) expect(problems(await layoutDiagram(model, view))).toEqual([]);
  });

  it('keep a five-kind model readable: no strip wider than a page', async () => {
    for (const view of diagramViews) {
      const layout = await layoutDiagram(rentalLike, view);
      expect(layout.width).toBeLessThanOrEqual(1400);
    }
    const wrapped = await layoutDiagram(rentalLike, 'event-model', { maxWidth: 900 });
    expect(wrapped.width).toBeLessThanOrEqual(900);
    expect(problems(wrapped)).toEqual([]);
  });

  it('place the boundary around the organisation and environmental roles outside it', async () => {
    const layout = await layoutDiagram(shopModel, 'cooperation');
    const node = (id: string) => layout.nodes.find((n) => n.id === id);
    const boundary = node('boundary');
    expect(boundary).toBeDefined();
    if (boundary === undefined) return;
    for (const id of ['role:A01', 'role:A02', 'kind:TK01', 'kind:TK02', 'kind:TK03'])
      expect(inside(node(id) ?? all0, boundary)).toBe(true);
    expect(overlap(node('role:CA01') ?? all0, boundary)).toBe(false);
  });

  it('place each step inside the frame of its kind', async () => {
    const layout = await layoutDiagram(shopModel, 'process');
    for (const step of layout.nodes.filter((n) => n.id.startsWith('step:'))) {
      const kind = /^step:([^/]+)\//.exec(step.id)?.[1] ?? '';
      const frame = layout.nodes.find((n) => n.id === `frame:${kind}`);
      expect(frame !== undefined && inside(step, frame)).toBe(true);
    }
  });

  it('hold for any model: no overlaps, no clipped labels (property)', async () => {
    const model = fc
      .record({
        roles: fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 2, maxLength: 5 }),
        environmental: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        kinds: fc.array(
          fc.record({
            label: fc.string({ minLength: 1, maxLength: 40 }),
            initiator: fc.nat(),
            executor: fc.nat(),
            parent: fc.nat(),
            fact: fc.constantFrom('promised', 'executed', 'accepted' as const),
            cardinality: fc.constantFrom<Cardinality>('1', '0..1', '0..n', '1..n'),
            waits: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
      })
      .map(({ roles, environmental, kinds }): Model => {
        const roleIds = roles.map((_, i) => (environmental[i] === true ? `CA0${i}` : `A0${i}`));
        const role = (n: number): string => roleIds[n % roleIds.length] ?? 'A00';
        const tree = kindTree(kinds, role, (k, i) => ({
          names: { name: `Kind${i}`, label: k.label, product: `[${k.label}] is done` },
          from: k.fact,
          cardinality: k.cardinality,
        }));
        return {
          name: 'generated',
          actorRoles: Object.fromEntries(
            roles.map((name, i) => [
              roleIds[i] ?? `A${i}`,
              { name, kind: environmental[i] === true ? 'environmental' : 'elementary' },
            ]),
          ),
          transactionKinds: tree.transactionKinds,
          processModel: {
            responseLinks: tree.responseLinks,
            waitLinks: kinds.flatMap((k, i) =>
              i === 0 || !k.waits
                ? []
                : [
                    {
                      act: { kind: parentOf(k, i), act: 'execute' as const },
                      waitsFor: { kind: `TK${i}`, fact: 'accepted' as const },
                      cardinality: k.cardinality,
                    },
                  ],
            ),
          },
        };
      });
    await fc.assert(
      fc.asyncProperty(model, async (m) => {
        for (const view of diagramViews) expect(problems(await layoutDiagram(m, view))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

const all0 = { x: 0, y: 0, width: 0, height: 0 };
