import { describe, expect, it } from 'vitest';
import type { ModelDoc, Proposal } from '../../protocol/index.ts';
import { proposalCalls, proposedActSentence, proposedActWords } from './proposals.ts';

const model: ModelDoc = {
  name: 'shop',
  actorRoles: { A01: { name: 'order completer', kind: 'elementary', personal: false } },
  transactionKinds: {
    TK01: { name: 'Order', initiator: 'CA01', executor: 'A01' },
    TK02: { name: 'Payment', initiator: 'A01', executor: 'CA01' },
  },
};

const proposal: Proposal = {
  rule: 'promise in stock',
  acts: [
    { act: 'promise' },
    { act: 'request', kind: 'TK02', parent: 'o1', addressee: 'alice', payload: { amount: 1 } },
    { act: 'revoke', revokes: 'promise', transactionId: 'o2', justification: 'Out of stock' },
  ],
};

describe('a rule’s proposal', () => {
  it('becomes the API calls that perform it, each once by a key of its own', () => {
    const calls = proposalCalls(proposal, 'A01', 'o1');
    expect(calls).toEqual([
      {
        path: '/api/transactions/o1/acts/promise',
        body: { role: 'A01' },
        idempotencyKey: 'proposal:promise-in-stock:o1:0',
      },
      {
        path: '/api/transactions',
        body: {
          role: 'A01',
          kind: 'TK02',
          parent: 'o1',
          addressee: 'alice',
          payload: { amount: 1 },
        },
        idempotencyKey: 'proposal:promise-in-stock:o1:1',
      },
      {
        path: '/api/transactions/o2/acts/revoke',
        body: { role: 'A01', justification: 'Out of stock', revokes: 'promise' },
        idempotencyKey: 'proposal:promise-in-stock:o1:2',
      },
    ]);
    for (const call of calls)
      expect(call.idempotencyKey).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
  });

  it('is said in words', () => {
    expect(proposal.acts.map((act) => proposedActWords(model, act, 'TK01'))).toEqual([
      'Promise',
      'Request payment',
      'Revoke promise',
    ]);
  });

  it('is said as a sentence that names what each act is done to', () => {
    expect(proposal.acts.map((act) => proposedActSentence(model, act, 'TK01'))).toEqual([
      'promise the order',
      'request payment',
      'revoke the promise of the order',
    ]);
  });
});
