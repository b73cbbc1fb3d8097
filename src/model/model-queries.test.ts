import { describe, expect, it } from 'vitest';
import type { ModelDocument } from './model.ts';
import * as query from './model-queries.ts';
import { shopRoles } from './shop-roles.test-support.ts';

const kind = (name: string, initiator: string, executor: string) => ({
  name,
  product: `[${name.toLowerCase()}] is done`,
  initiator,
  executor,
  example: {},
});

const model: ModelDocument = {
  name: 'queries',
  actorRoles: shopRoles(),
  transactionKinds: {
    TK01: kind('Order', 'CA01', 'A01'),
    TK02: kind('Payment', 'A01', 'CA01'),
    TK03: kind('Shipment', 'A01', 'A02'),
  },
  processModel: {
    responseLinks: [
      { from: { kind: 'TK01', fact: 'promised' }, to: { kind: 'TK02', act: 'request' } },
      { from: { kind: 'TK02', fact: 'accepted' }, to: { kind: 'TK03', act: 'request' } },
      // Not a child: a link to another act than request.
      { from: { kind: 'TK03', fact: 'accepted' }, to: { kind: 'TK01', act: 'execute' } },
    ],
    waitLinks: [
      { act: { kind: 'TK01', act: 'execute' }, waitsFor: { kind: 'TK02', fact: 'accepted' } },
      { act: { kind: 'TK01', act: 'execute' }, waitsFor: { kind: 'TK03', fact: 'accepted' } },
    ],
  },
};

describe('model queries', () => {
  it('tell who initiates and executes a kind', () => {
    expect(query.initiatorOf(model, 'TK02')).toBe('A01');
    expect(query.executorOf(model, 'TK02')).toBe('CA01');
    expect(query.initiatorOf(model, 'TK09')).toBeUndefined();
    expect(query.executorOf(model, 'TK09')).toBeUndefined();
    expect(query.initiatorOf(model, 'constructor')).toBeUndefined();
  });

  it('list the kinds a role initiates or executes', () => {
    expect(query.kindsInitiatedBy(model, 'A01')).toEqual(['TK02', 'TK03']);
    expect(query.kindsInitiatedBy(model, 'A02')).toEqual([]);
    expect(query.kindsExecutedBy(model, 'CA01')).toEqual(['TK02']);
  });

  it('find the response links from a fact and the wait links of an act', () => {
    expect(query.responseLinksFrom(model, 'TK01', 'promised')).toEqual([
      { from: { kind: 'TK01', fact: 'promised' }, to: { kind: 'TK02', act: 'request' } },
    ]);
    expect(query.responseLinksFrom(model, 'TK01', 'requested')).toEqual([]);
    expect(query.waitLinksOf(model, 'TK01', 'execute').map((link) => link.waitsFor.kind)).toEqual([
      'TK02',
      'TK03',
    ]);
    expect(query.waitLinksOf(model, 'TK01', 'declare')).toEqual([]);
  });

  it('derive the kinds tree from response links to a request', () => {
    expect(query.parentKindsOf(model, 'TK02')).toEqual(['TK01']);
    expect(query.parentKindsOf(model, 'TK03')).toEqual(['TK02']);
    expect(query.parentKindsOf(model, 'TK01')).toEqual([]);
    expect(query.childKindsOf(model, 'TK01')).toEqual(['TK02']);
    expect(query.childKindsOf(model, 'TK03')).toEqual([]);
    expect(query.rootKindsOf(model)).toEqual(['TK01']);
  });

  it('work on a model without a process model', () => {
    const bare: ModelDocument = { ...model, processModel: {} };
    delete (bare as { processModel?: unknown }).processModel;
    expect(query.parentKindsOf(bare, 'TK02')).toEqual([]);
    expect(query.rootKindsOf(bare)).toEqual(['TK01', 'TK02', 'TK03']);
    expect(query.waitLinksOf(bare, 'TK01', 'execute')).toEqual([]);
  });
});
