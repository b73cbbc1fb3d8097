import { describe, expect, it } from 'vitest';
import type { ModelDoc } from '../api-types.ts';
import { eventSlices, factTypeOf, roleColumns } from './event-slices.ts';

const role = (name: string, personal = false) => ({ name, kind: 'elementary', personal });
const shopLike: ModelDoc = {
  name: 'shop-like',
  actorRoles: { CA01: role('customer', true), A01: role('completer'), A02: role('shipper') },
  transactionKinds: {
    TK01: { name: 'Order', initiator: 'CA01', executor: 'A01' },
    TK02: { name: 'Payment', initiator: 'A01', executor: 'CA01' },
    TK03: { name: 'Shipment', initiator: 'A01', executor: 'A02' },
  },
  processModel: {
    responseLinks: [
      { from: { kind: 'TK01', fact: 'promised' }, to: { kind: 'TK02', act: 'request' } },
      { from: { kind: 'TK02', fact: 'accepted' }, to: { kind: 'TK03', act: 'request' } },
    ],
  },
  actionRules: [
    { id: 'promise-in-stock', role: 'A01', when: { kind: 'TK01', fact: 'requested' } },
    { id: 'request-payment', role: 'A01', when: { kind: 'TK01', fact: 'promised' } },
  ],
};

describe('the event model derived from a model', () => {
  it('orders the slices as the process runs: a child transaction right after the fact it answers', () => {
    const slices = eventSlices(shopLike);
    expect(slices.map((s) => s.factType)).toEqual([
      'OrderRequested',
      'OrderPromised',
      'PaymentRequested',
      'PaymentPromised',
      'PaymentExecuted',
      'PaymentDeclared',
      'PaymentAccepted',
      'ShipmentRequested',
      'ShipmentPromised',
      'ShipmentExecuted',
      'ShipmentDeclared',
      'ShipmentAccepted',
      'OrderExecuted',
      'OrderDeclared',
      'OrderAccepted',
    ]);
  });

  it('marks the acts an action rule or a response link performs as automations', () => {
    const slices = eventSlices(shopLike);
    const at = (kind: string, act: string) => slices.find((s) => s.kind === kind && s.act === act);
    expect(at('TK01', 'request')).toMatchObject({ role: 'CA01', automation: undefined });
    expect(at('TK01', 'promise')).toMatchObject({ role: 'A01', automation: 'promise-in-stock' });
    expect(at('TK02', 'request')?.automation).toBe('request-payment');
    expect(at('TK03', 'request')?.automation).toBe('response link');
    expect(at('TK02', 'promise')).toMatchObject({ role: 'CA01', automation: undefined });
  });

  it('names fact types from the business name, and lays roles out initiator first', () => {
    expect(factTypeOf('order completion', 'declared')).toBe('OrderCompletionDeclared');
    expect([...roleColumns(shopLike).entries()]).toEqual([
      ['CA01', 0],
      ['A01', 1],
      ['A02', 2],
    ]);
  });
});
