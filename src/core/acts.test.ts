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

describe('parseAct', () => {
  it.each(allActs.map((a) => [a]))('accepts %s as itself', (name) => {
    expect(parseAct(name)).toBe(name);
  });

  it('accepts DEMO-3 `state` as a synonym of `declare`', () => {
    expect(parseAct('state')).toBe('declare');
  });

  it.each([
    ['stated'],
    ['Request'],
    ['REQUEST'],
    [''],
    [' request'],
    ['cancel'],
    ['declared'],
    ['revoked'],
  ])('rejects the unknown name %j', (name) => {
    expect(parseAct(name)).toBeUndefined();
  });

  // `actSynonyms` is a plain object: a lookup by an inherited key must not leak Object.prototype members.
  it.each([['toString'], ['constructor'], ['hasOwnProperty'], ['__proto__'], ['valueOf']])(
    'rejects the inherited object key %j',
    (name) => {
      expect(parseAct(name)).toBeUndefined();
    },
  );
});

describe('parseRevocableAct', () => {
  it.each(revocableActs.map((a) => [a]))('accepts %s', (name) => {
    expect(parseRevocableAct(name)).toBe(name);
  });

  it('accepts `state` as the revocable `declare`', () => {
    expect(parseRevocableAct('state')).toBe('declare');
  });

  it.each([
    ['decline'],
    ['quit'],
    ['execute'],
    ['reject'],
    ['stop'],
    ['revoke'],
    ['allow'],
    ['refuse'],
    ['nope'],
  ])('rejects %s, which cannot be revoked', (name) => {
    expect(parseRevocableAct(name)).toBeUndefined();
  });

  it('rejects inherited object keys', () => {
    expect(parseRevocableAct('toString')).toBeUndefined();
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
