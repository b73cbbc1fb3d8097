import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopModel } from '../../../examples/shop/model.ts';
import { defineModel } from '../define-model.ts';
import type { Model } from '../model.ts';
import { actPerformers } from './act-performers.ts';
import { cooperationGraph } from './cooperation-graph.ts';
import { eventModel } from './event-model.ts';
import { rentalLike } from './five-kinds.test-support.ts';
import { kindTree } from './kind-tree.test-support.ts';
import { processStructure } from './process-structure.ts';
import { shopRoles } from '../shop-roles.test-support.ts';
import { responseLink, waitLink } from '../../core/process-links.test-support.ts';
import { orderKind, paymentKind, shipmentKind } from '../shop-kinds.test-support.ts';

const performer = (key: string) =>
  actPerformers(shopModel).find((p) => `${p.kind}/${p.act}` === key);

describe('who performs each act', () => {
  it('gives each act of the shop to the rule that performs it, or to a person of the role', () => {
    const table = Object.fromEntries(
      actPerformers(shopModel).map((p) => [
        `${p.kind}/${p.act}`,
        `${p.role} ${p.rule ?? 'person'}`,
      ]),
    );
    expect(table).toEqual({
      'TK01/request': 'CA01 person',
      'TK01/promise': 'A01 promise-when-in-stock',
      'TK01/execute': 'A01 complete-order',
      'TK01/declare': 'A01 complete-order',
      'TK01/accept': 'CA01 person',
      'TK02/request': 'A01 request-payment',
      'TK02/promise': 'CA01 person',
      'TK02/execute': 'CA01 person',
      'TK02/declare': 'CA01 person',
      'TK02/accept': 'A01 accept-payment',
      'TK03/request': 'A01 request-shipment',
      'TK03/promise': 'A02 person',
      'TK03/execute': 'A02 person',
      'TK03/declare': 'A02 person',
      'TK03/accept': 'A01 accept-shipment',
    });
  });

  it('never gives an act to a rule on a fact that starts another transaction', () => {
    // request-payment listens to TK01/promised, the fact just before TK01/execute; it requests the payment.
    expect(performer('TK01/execute')?.rule).not.toBe('request-payment');
    expect(performer('TK01/execute')?.answers).toEqual({ kind: 'TK03', fact: 'accepted' });
  });

  it('leaves a response link without a rule to a person of the role, answering the parent fact', () => {
    const rental = actPerformers(rentalLike);
    expect(rental.find((p) => p.kind === 'TK03' && p.act === 'request')).toMatchObject({
      role: 'CA02',
      answers: { kind: 'TK01', fact: 'promised' },
    });
    expect(rental.find((p) => p.kind === 'TK03' && p.act === 'request')?.rule).toBeUndefined();
    expect(rental.find((p) => p.kind === 'TK05' && p.act === 'request')?.rule).toBe(
      'settle-when-late',
    );
  });
});

describe('the Cooperation Model graph', () => {
  it('puts environmental roles outside the boundary and the kinds the organisation takes part in inside', () => {
    const graph = cooperationGraph(shopModel);
    expect(graph.roles.map((r) => [r.id, r.inside])).toEqual([
      ['CA01', false],
      ['A01', true],
      ['A02', true],
    ]);
    expect(graph.kinds.every((k) => k.inside)).toBe(true);
    expect(graph.kinds.map((k) => `${k.initiator}→${k.id}→${k.executor}`)).toEqual([
      'CA01→TK01→A01',
      'A01→TK02→CA01',
      'A01→TK03→A02',
    ]);
  });
});

describe('the Process Structure', () => {
  it('lists kinds parents first, with their steps, and every link with its cardinality', () => {
    const structure = processStructure(shopModel);
    expect(structure.kinds.map((k) => [k.id, k.depth])).toEqual([
      ['TK01', 0],
      ['TK02', 1],
      ['TK03', 2],
    ]);
    expect(structure.kinds[0]?.steps.map((s) => s.act)).toEqual([
      'request',
      'promise',
      'execute',
      'declare',
      'accept',
    ]);
    expect(structure.kinds[0]?.steps.filter((s) => s.production).map((s) => s.act)).toEqual([
      'execute',
    ]);
    expect(
      structure.links.map(
        (l) =>
          `${l.type} ${l.fact.kind}/${l.fact.fact} ${l.act.kind}/${l.act.act} ${l.cardinality ?? '-'}`,
      ),
    ).toEqual([
      'response TK01/promised TK02/request 1',
      'response TK02/accepted TK03/request 1',
      'wait TK02/accepted TK01/execute 1',
      'wait TK03/accepted TK01/execute 1',
    ]);
    expect(processStructure(rentalLike).links.find((l) => l.act.kind === 'TK05')?.cardinality).toBe(
      '0..1',
    );
  });
});

describe('the event model', () => {
  it('orders the slices as the shop runs: children after the fact that starts them, waits before execute', () => {
    expect(eventModel(shopModel).slices.map((s) => `${s.kind}/${s.act}`)).toEqual([
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

  it('puts each act under the automation of the rule that performs it, person acts under the screen', () => {
    const em = eventModel(shopModel);
    const slice = (key: string) => em.slices.find((s) => `${s.kind}/${s.act}` === key);
    expect(slice('TK01/request')).toMatchObject({ role: 'CA01', trigger: { type: 'screen' } });
    expect(slice('TK01/request')?.view).toBeUndefined();
    expect(slice('TK02/request')).toMatchObject({
      role: 'A01',
      event: 'PaymentRequested',
      trigger: { type: 'automation', rule: 'request-payment' },
      view: { name: 'agenda of order completer', answers: { kind: 'TK01', fact: 'promised' } },
    });
    expect(slice('TK01/execute')).toMatchObject({
      trigger: { type: 'automation', rule: 'complete-order' },
      view: {
        waitsFor: [
          { kind: 'TK02', fact: 'accepted' },
          { kind: 'TK03', fact: 'accepted' },
        ],
      },
    });
    expect(slice('TK02/execute')).toMatchObject({ role: 'CA01', trigger: { type: 'screen' } });
    expect(em.views.map((v) => `${v.type} ${v.name}`)).toEqual([
      'view customer-orders',
      'view pending-orders',
      'ledger stock',
    ]);
  });
});

describe('who performs each act, for any model', () => {
  const acts = ['request', 'promise', 'execute', 'declare', 'accept'] as const;
  const facts = ['requested', 'promised', 'executed', 'declared', 'accepted'] as const;
  const anyModel = fc
    .record({
      kinds: fc.array(
        fc.record({ initiator: fc.nat(3), executor: fc.nat(3), parent: fc.nat(), from: fc.nat(4) }),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      rules: fc.array(fc.record({ role: fc.nat(3), kind: fc.nat(), fact: fc.nat(4) }), {
        maxLength: 8,
      }),
      waits: fc.array(
        fc.record({ kind: fc.nat(), act: fc.nat(4), on: fc.nat(), fact: fc.nat(4) }),
        { maxLength: 3 },
      ),
    })
    .map(({ kinds, rules, waits }): Model => {
      const role = (n: number): string => `A0${n}`;
      const kind = (n: number): string => `TK${n % kinds.length}`;
      const tree = kindTree(kinds, role, (k, i) => ({
        names: { name: `K${i}`, product: 'p' },
        from: facts[k.from] ?? 'promised',
      }));
      return {
        name: 'any',
        actorRoles: Object.fromEntries([0, 1, 2, 3].map((n) => [role(n), { name: `role ${n}` }])),
        transactionKinds: tree.transactionKinds,
        processModel: {
          responseLinks: tree.responseLinks,
          waitLinks: waits.map((w) => ({
            act: { kind: kind(w.kind), act: acts[w.act] ?? 'execute' },
            waitsFor: { kind: kind(w.on), fact: facts[w.fact] ?? 'accepted' },
          })),
        },
        actionRules: rules.map((r, i) => ({
          id: `rule-${i}`,
          role: role(r.role),
          when: { kind: kind(r.kind), fact: facts[r.fact] ?? 'requested' },
          then: () => [],
        })),
      };
    });

  it("gives every act to its party's role, and a rule only of that role on a fact the act answers", () => {
    fc.assert(
      fc.property(anyModel, (model) => {
        const performers = actPerformers(model);
        expect(performers).toHaveLength(5 * Object.keys(model.transactionKinds).length);
        for (const p of performers) {
          const kind = model.transactionKinds[p.kind];
          expect(p.role).toBe(p.party === 'initiator' ? kind?.initiator : kind?.executor);
          if (p.rule === undefined) continue;
          const rule = model.actionRules?.find((r) => r.id === p.rule);
          expect(rule?.role).toBe(p.role);
          expect(p.answers).toBeDefined();
          // The rule answers the act's agendum, or performed the act before it in the same go.
          const previous = performers[performers.indexOf(p) - 1];
          const answersIt =
            rule?.when.kind === p.answers?.kind && rule?.when.fact === p.answers?.fact;
          expect(answersIt || (previous?.kind === p.kind && previous.rule === p.rule)).toBe(true);
        }
      }),
    );
  });
});

describe('rules that say what they perform', () => {
  const table = (model: Model) =>
    actPerformers(model).map((p) => `${p.kind}/${p.act} ${p.role} ${p.rule ?? 'person'}`);

  it("agree with what the Process Model tells of the shop's rules", () => {
    const unsaid: Model = {
      ...shopModel,
      actionRules: (shopModel.actionRules ?? []).map((rule) => {
        const copy = { ...rule };
        delete copy.performs;
        return copy;
      }),
    };
    expect((shopModel.actionRules ?? []).every((r) => r.performs !== undefined)).toBe(true);
    expect(table(unsaid)).toEqual(table(shopModel));
  });

  it('are taken at their word over any reading of the Process Model', () => {
    const model: Model = {
      ...shopModel,
      actionRules: [
        // Listens to TK01/promised, which starts the payment: unsaid, it would never execute.
        {
          id: 'ship-on-promise',
          role: 'A01',
          when: { kind: 'TK01', fact: 'promised' },
          performs: [{ kind: 'TK01', act: 'execute' }],
          then: () => [],
        },
        // Says it only declares: the reading that it requests the payment is not made.
        {
          id: 'declarer',
          role: 'A01',
          when: { kind: 'TK01', fact: 'promised' },
          performs: [{ kind: 'TK01', act: 'declare' }],
          then: () => [],
        },
      ],
    };
    const rows = table(model);
    expect(rows).toContain('TK01/execute A01 ship-on-promise');
    expect(rows).toContain('TK01/declare A01 declarer');
    expect(rows).toContain('TK02/request A01 person');
  });
});

describe('a rule in proposal mode', () => {
  it('leaves the act to a person at the screen, who confirms what the rule proposes', () => {
    const model: Model = {
      ...shopModel,
      actionRules: (shopModel.actionRules ?? []).map((rule) =>
        rule.id === 'promise-when-in-stock' ? { ...rule, mode: 'proposal' } : rule,
      ),
    };
    const promise = actPerformers(model).find((p) => p.kind === 'TK01' && p.act === 'promise');
    expect(promise).toMatchObject({ rule: 'promise-when-in-stock', proposed: true });
    const slice = eventModel(model).slices.find((s) => s.kind === 'TK01' && s.act === 'promise');
    expect(slice?.trigger).toEqual({ type: 'screen', proposedBy: 'promise-when-in-stock' });
    const step = processStructure(model).kinds[0]?.steps.find((s) => s.act === 'promise');
    expect(step).toMatchObject({ rule: 'promise-when-in-stock', proposed: true });
  });
});

describe('rules written as data', () => {
  it('are drawn under the acts they perform, read from their lists or, for acts on another transaction, from the Process Model', () => {
    const model = defineModel({
      name: 'shop as data',
      actorRoles: shopRoles(),
      transactionKinds: {
        TK01: orderKind(),
        TK02: paymentKind(),
        TK03: shipmentKind(),
      },
      processModel: {
        responseLinks: [
          responseLink('TK01/promised', 'TK02/request'),
          responseLink('TK02/accepted', 'TK03/request'),
        ],
        waitLinks: [
          waitLink('TK01/execute', 'TK02/accepted'),
          waitLink('TK01/execute', 'TK03/accepted'),
        ],
      },
      actionRules: [
        {
          id: 'promise-order',
          role: 'A01',
          when: { kind: 'TK01', fact: 'requested' },
          then: ['promise'],
        },
        {
          id: 'request-payment',
          role: 'A01',
          when: { kind: 'TK01', fact: 'promised' },
          then: [{ request: { kind: 'TK02' } }],
        },
        {
          id: 'complete-order',
          role: 'A01',
          when: { kind: 'TK03', fact: 'accepted' },
          then: [
            { execute: { transaction: 'parent.id' } },
            { declare: { transaction: 'parent.id' } },
          ],
        },
      ],
    });
    expect(model.actionRules?.map((r) => [r.id, r.performs])).toEqual([
      ['promise-order', [{ kind: 'TK01', act: 'promise' }]],
      ['request-payment', [{ kind: 'TK02', act: 'request' }]],
      ['complete-order', undefined],
    ]);
    const by = (key: string) =>
      actPerformers(model).find((p) => `${p.kind}/${p.act}` === key)?.rule;
    expect(by('TK01/promise')).toBe('promise-order');
    expect(by('TK02/request')).toBe('request-payment');
    expect(by('TK01/execute')).toBe('complete-order');
    expect(by('TK01/declare')).toBe('complete-order');
    expect(by('TK01/accept')).toBeUndefined();
  });
});
