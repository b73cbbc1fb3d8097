import { describe, expect, it } from 'vitest';
import type { ModelDoc, RecordedFact } from '../../protocol/index.ts';
import {
  actorWord,
  actWord,
  awaitedSentence,
  factSentence,
  revocationExplained,
  waitingSentence,
} from './words.ts';

const model: ModelDoc = {
  name: 'shop',
  actorRoles: {
    CA01: { name: 'customer', kind: 'environmental', personal: true },
    A01: { name: 'order completer', kind: 'elementary', personal: false },
  },
  transactionKinds: {
    TK01: { name: 'Order', initiator: 'CA01', executor: 'A01' },
    TK02: { name: 'Payment', initiator: 'A01', executor: 'CA01' },
    TK03: { name: 'Shipment', initiator: 'A01', executor: 'A01' },
    TK04: { name: 'ExpressOrder', initiator: 'CA01', executor: 'A01' },
  },
  dashboard: { acts: { TK02: { execute: 'Pay' } }, facts: { TK02: { executed: 'made' } } },
};

const fact = (over: Partial<RecordedFact>): RecordedFact => ({
  type: 'OrderRequested',
  fact: 'requested',
  act: 'request',
  transactionId: 'o-1',
  kind: 'TK01',
  performer: { actor: 'alice', role: 'CA01', party: 'initiator' },
  addressee: { role: 'A01', party: 'executor' },
  time: '2026-01-01T10:00:00Z',
  payload: null,
  actId: 'act-1',
  correlationId: 'o-1',
  position: '1',
  ...over,
});

describe('the users language', () => {
  it('says a fact as a sentence with names, never codes alone', () => {
    expect(factSentence(model, fact({}))).toBe('Alice (customer) requested order o-1.');
    expect(factSentence(model, fact({}), { withId: false })).toBe(
      'Alice (customer) requested the order.',
    );
    expect(
      factSentence(
        model,
        fact({
          kind: 'TK02',
          fact: 'executed',
          transactionId: 'o-1.TK02',
          performer: { actor: 'alice', role: 'CA01', party: 'executor' },
        }),
      ),
    ).toBe('Alice (customer) made payment o-1.TK02.');
    expect(factSentence(model, fact({ fact: 'quitted' }))).toBe(
      'Alice (customer) gave up on order o-1.',
    );
    expect(factSentence(model, fact({ fact: 'requestRevoked' }))).toBe(
      'Alice (customer) revoked the request of order o-1.',
    );
    expect(actorWord('agent:request-payment')).toBe('The rule “request payment”');
  });

  it('words acts as the model chooses, revocations by what they take back', () => {
    expect(actWord(model, 'TK02', { act: 'execute' })).toBe('Pay');
    expect(actWord(model, 'TK01', { act: 'execute' })).toBe('Execute');
    expect(actWord(model, 'TK02', { act: 'revoke', revokes: 'promise' })).toBe('Revoke promise');
    expect(actWord(model, 'TK01', { act: 'allow' })).toBe('Allow revocation');
  });

  it('explains revocations and what a held-back act waits for', () => {
    expect(revocationExplained(model, 'TK01', 'request')).toBe(
      'Withdraw the request: the order completer is asked to allow it; once allowed, the order is cancelled for good.',
    );
    expect(awaitedSentence(model, { kind: 'TK02', fact: 'accepted' })).toBe(
      'a payment to be accepted (none started yet)',
    );
    expect(
      waitingSentence(model, [
        {
          kind: 'TK02',
          kindName: 'Payment',
          fact: 'accepted',
          transactionId: 'o-1.TK02',
          status: 'promised',
        },
        { kind: 'TK03', kindName: 'Shipment', fact: 'accepted' },
      ]),
    ).toBe(
      'Waits for Payment o-1.TK02 to be accepted (now promised) and a shipment to be accepted (none started yet).',
    );
  });
});
