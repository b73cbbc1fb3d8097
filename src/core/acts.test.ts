import { describe, expect, it } from 'vitest';
import {
  allActs,
  otherParty,
  parseAct,
  parseRevocableAct,
  revocableActs,
  standardActs,
} from './acts.ts';
import { businessFactType, factKindOf, factKinds, factSuffix } from './transaction-pattern.ts';
import { docFactKinds, docOrderEvents } from './pattern.fixtures.test-support.ts';

describe('act names', () => {
  it('lists the nine standard acts, the four revocable ones and all twelve acts', () => {
    expect([...standardActs].sort()).toEqual(
      [
        'accept',
        'declare',
        'decline',
        'execute',
        'promise',
        'quit',
        'reject',
        'request',
        'stop',
      ].sort(),
    );
    expect([...revocableActs].sort()).toEqual(['accept', 'declare', 'promise', 'request']);
    expect(allActs).toHaveLength(12);
    expect(new Set(allActs).size).toBe(12);
    expect(allActs).toEqual(expect.arrayContaining([...standardActs, 'revoke', 'allow', 'refuse']));
  });
});

// `actSynonyms` is a plain object: a lookup by an inherited key must not leak Object.prototype members.
const inheritedKeys = ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf'];

describe.each([
  {
    parser: 'parseAct',
    parse: parseAct,
    accepted: allActs,
    rejected: ['stated', 'Request', 'REQUEST', '', ' request', 'cancel', 'declared', 'revoked'],
  },
  {
    parser: 'parseRevocableAct',
    parse: parseRevocableAct,
    accepted: revocableActs,
    // Known acts that cannot be revoked, and an unknown name.
    rejected: ['decline', 'quit', 'execute', 'reject', 'stop', 'revoke', 'allow', 'refuse', 'nope'],
  },
])('$parser', ({ parse, accepted, rejected }) => {
  it.each(accepted.map((a) => [a]))('accepts %s as itself', (name) => {
    expect(parse(name)).toBe(name);
  });

  it('accepts DEMO-3 `state` as a synonym of `declare`', () => {
    expect(parse('state')).toBe('declare');
  });

  it.each(rejected.map((name) => [name]))('rejects %j', (name) => {
    expect(parse(name)).toBeUndefined();
  });

  it.each(inheritedKeys.map((name) => [name]))('rejects the inherited object key %j', (name) => {
    expect(parse(name)).toBeUndefined();
  });
});

describe('otherParty', () => {
  it('swaps initiator and executor', () => {
    expect(otherParty('initiator')).toBe('executor');
    expect(otherParty('executor')).toBe('initiator');
  });
});

describe('business event names', () => {
  const kindsInDocOrder = docFactKinds;

  it('has exactly the fifteen fact kinds of the docs', () => {
    expect([...factKinds].sort()).toEqual([...kindsInDocOrder].sort());
    expect(Object.keys(factSuffix)).toHaveLength(15);
  });

  it('names the fifteen business events of an Order as the docs do', () => {
    expect(kindsInDocOrder.map((k) => businessFactType('Order', k))).toEqual(docOrderEvents);
  });

  it('prefixes the business name of any kind', () => {
    expect(businessFactType('Payment', 'promised')).toBe('PaymentPromised');
    expect(businessFactType('Shipment', 'declarationRevoked')).toBe('ShipmentDeclarationRevoked');
  });

  it.each(kindsInDocOrder.map((k, i) => [docOrderEvents[i] ?? '', k] as const))(
    'factKindOf reads %s back as %s',
    (type, kind) => {
      expect(factKindOf('Order', type)).toBe(kind);
    },
  );

  it('factKindOf round-trips every fact kind for another business name', () => {
    for (const kind of factKinds) {
      expect(factKindOf('Payment', businessFactType('Payment', kind))).toBe(kind);
    }
  });

  it.each([
    ['PaymentRequested', 'another kind'],
    ['OrderStated', 'an unknown suffix'],
    ['OrderlyRequested', 'a longer business name'],
    ['Order', 'no suffix'],
    ['orderRequested', 'a different case'],
    ['OrderRequestedX', 'trailing text'],
  ])('factKindOf rejects %s (%s)', (type) => {
    expect(factKindOf('Order', type)).toBeUndefined();
  });
});
