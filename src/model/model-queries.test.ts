import { describe, expect, it } from 'vitest';
import type { ModelDocument } from './model.ts';
import {
  childKindsOf,
  executorOf,
  initiatorOf,
  kindsExecutedBy,
  kindsInitiatedBy,
  parentKindsOf,
  responseLinksFrom,
  rootKindsOf,
  waitLinksOf,
} from './model-queries.ts';
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
    expect(initiatorOf(model, 'TK02')).toBe('A01');
    expect(executorOf(model, 'TK02')).toBe('CA01');
    expect(initiatorOf(model, 'TK09')).toBeUndefined();
    expect(executorOf(model, 'TK09')).toBeUndefined();
    expect(initiatorOf(model, 'constructor')).toBeUndefined();
  });

  it('list the kinds a role initiates or executes', () => {
    expect(kindsInitiatedBy(model, 'A01')).toEqual(['TK02', 'TK03']);
    expect(kindsInitiatedBy(model, 'A02')).toEqual([]);
    expect(kindsExecutedBy(model, 'CA01')).toEqual(['TK02']);
  });

  it('find the response links from a fact and the wait links of an act', () => {
    expect(responseLinksFrom(model, 'TK01', 'promised')).toEqual([
      { from: { kind: 'TK01', fact: 'promised' }, to: { kind: 'TK02', act: 'request' } },
    ]);
    expect(responseLinksFrom(model, 'TK01', 'requested')).toEqual([]);
    expect(waitLinksOf(model, 'TK01', 'execute').map((link) => link.waitsFor.kind)).toEqual([
      'TK02',
      'TK03',
    ]);
    expect(waitLinksOf(model, 'TK01', 'declare')).toEqual([]);
  });

  it('derive the kinds tree from response links to a request', () => {
    expect(parentKindsOf(model, 'TK02')).toEqual(['TK01']);
    expect(parentKindsOf(model, 'TK03')).toEqual(['TK02']);
    expect(parentKindsOf(model, 'TK01')).toEqual([]);
    expect(childKindsOf(model, 'TK01')).toEqual(['TK02']);
    expect(childKindsOf(model, 'TK03')).toEqual([]);
    expect(rootKindsOf(model)).toEqual(['TK01']);
  });

  it('work on a model without a process model', () => {
    const bare: ModelDocument = { ...model, processModel: {} };
    delete (bare as { processModel?: unknown }).processModel;
    expect(parentKindsOf(bare, 'TK02')).toEqual([]);
    expect(rootKindsOf(bare)).toEqual(['TK01', 'TK02', 'TK03']);
    expect(waitLinksOf(bare, 'TK01', 'execute')).toEqual([]);
  });
});
