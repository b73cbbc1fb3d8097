import { describe, expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { SpecificationFailure, specify } from './model-spec.ts';
import { shopOrderTerms } from './shop-order.test-support.ts';

const order = { tx: 'o1', kind: 'TK01', by: 'CA01', act: 'request' } as const;
const lastTwoMugs = shopOrderTerms('MUG-001', 2);

describe('specify: given / when / then over a model', () => {
  it('passes when the act appends exactly the facts expected, and returns them', async () => {
    const facts = await specify(shopModel)
      .givenLedgers({ stock: { 'MUG-001': 2 } })
      .given({ ...order, payload: lastTwoMugs })
      .when({ tx: 'o1', by: 'A01', act: 'promise' })
      .thenFacts({ type: 'OrderPromised', tx: 'o1' });
    expect(facts.map((fact) => fact.performer.actor)).toEqual(['fran']);
  });

  it('fails, naming what happened, when other facts are appended', async () => {
    const spec = specify(shopModel)
      .givenLedgers({ stock: { 'MUG-001': 2 } })
      .given({ ...order, payload: lastTwoMugs })
      .when({ tx: 'o1', by: 'A01', act: 'decline', justification: 'closed' });
    await expect(spec.thenFacts('OrderPromised')).rejects.toThrow(
      new SpecificationFailure(
        'when A01 decline on o1: expected OrderPromised, but got OrderDeclined (o1)',
      ),
    );
  });

  it('checks the payload fields named and ignores the others', async () => {
    const spec = specify(shopModel).when({ ...order, payload: lastTwoMugs });
    await spec.thenFacts({
      type: 'OrderRequested',
      payload: { lines: [{ sku: 'MUG-001', qty: 2 }] },
    });
    await expect(
      spec.thenFacts({ type: 'OrderRequested', payload: { lines: [{ sku: 'MUG-001', qty: 3 }] } }),
    ).rejects.toThrow(SpecificationFailure);
  });

  it('passes on the typed refusal expected and fails on another', async () => {
    const spec = specify(shopModel).given(order).when({ tx: 'o1', by: 'A01', act: 'execute' });
    const refusal = await spec.thenRefused('ActNotAllowed');
    expect(refusal.allowed.map((allowed) => allowed.act)).toContain('promise');
    await expect(spec.thenRefused('WrongRole')).rejects.toThrow(
      /expected the refusal WrongRole, but it was refused with ActNotAllowed/,
    );
    await expect(spec.thenFacts('OrderExecuted')).rejects.toThrow(/refused: ActNotAllowed/);
  });

  it('refuses a reservation beyond the stock given, and counts the rules\u2019 facts with rules on', async () => {
    await specify(shopModel)
      .givenLedgers({ stock: { 'MUG-001': 1 } })
      .given({ ...order, payload: lastTwoMugs })
      .when({ tx: 'o1', by: 'A01', act: 'promise' })
      .thenRefused('RuleRefused');
    const facts = await specify(shopModel, { rules: true })
      .givenLedgers({ stock: { 'MUG-001': 2 } })
      .when({ ...order, payload: lastTwoMugs })
      .thenFacts('OrderRequested', 'OrderPromised', 'PaymentRequested');
    expect(facts[2]?.parent?.transactionId).toBe('o1');
  });

  it('fails with the given act that was refused, before the act under test', async () => {
    const spec = specify(shopModel)
      .given({ tx: 'o1', kind: 'TK01', by: 'A01', act: 'request' })
      .when({ tx: 'o1', by: 'A01', act: 'promise' });
    await expect(spec.outcome()).rejects.toThrow(
      /given act 1 \(A01 request on o1\) was refused: WrongRole/,
    );
  });
});
