import { describe, expect, it } from 'vitest';
import { shopModel } from '../../../examples/shop/model.ts';
import { seedStock } from '../../../examples/shop/seed.ts';
import { defineModel } from '../../model/define-model.ts';
import { validateModel } from '../../model/validate-model.ts';
import { memoryEventStore } from '../../stores/memory/memory-event-store.ts';
import { memoryViewStore } from '../../stores/memory/memory-view-store.ts';
import { createFactum, type Factum } from '../factum.ts';
import { inboundMappings, receiveInbound, type InboundEvent } from './receive-inbound.ts';

const address = { name: 'A', street: 'S 1', city: 'C', postcode: 'P', country: 'NL' };

async function shopWithOrder(): Promise<{
  factum: Factum;
  payment: string;
  log: () => Promise<string[]>;
}> {
  const store = memoryEventStore();
  const factum = createFactum({ model: shopModel, store, views: memoryViewStore() });
  await seedStock(factum);
  await factum.start();
  const ordered = await factum.perform({
    kind: 'TK01',
    act: 'request',
    performer: { actor: 'alice', role: 'CA01' },
    payload: { lines: [{ sku: 'MUG-001', qty: 1 }], shippingAddress: address },
  });
  if (!ordered.ok) throw new Error(ordered.error.message);
  await factum.settle();
  const log = async (): Promise<string[]> => {
    const types: string[] = [];
    for await (const event of store.readAll()) types.push(event.type);
    return types;
  };
  return { factum, payment: `${ordered.value.transactionId}.TK02`, log };
}

const captured = (payment: string, id = 'evt-1'): InboundEvent => ({
  id,
  type: 'payment.captured',
  source: 'urn:payment-provider',
  data: { payment, amount: 1250, currency: 'EUR' },
});

describe('an inbound event', () => {
  const mappings = inboundMappings(shopModel);

  it('becomes the acts its mapping names, performed as the party in the role', async () => {
    const { factum, payment } = await shopWithOrder();
    const outcome = await receiveInbound(factum.engine, mappings, captured(payment));
    expect(outcome).toEqual({
      outcome: 'performed',
      mapping: 'payment-captured',
      acts: [`promise ${payment}`, `execute ${payment}`, `declare ${payment}`],
      duplicates: 0,
    });
    await factum.settle();
    const state = await factum.engine.reader.transaction(payment);
    // The shop's rule accepts a declared payment: the event set the business process going again.
    expect(state?.status).toBe('accepted');
    expect(state?.executor?.actor).toBe('alice');
    await factum.stop();
  });

  it('delivered twice performs nothing the second time', async () => {
    const { factum, payment, log } = await shopWithOrder();
    await receiveInbound(factum.engine, mappings, captured(payment));
    await factum.settle();
    const before = await log();
    const again = await receiveInbound(factum.engine, mappings, captured(payment));
    await factum.settle();
    expect(await log()).toEqual(before);
    // Every act is skipped (no longer due) or a repeat: nothing new.
    expect(again.outcome).toBe('performed');
    await factum.stop();
  });

  it('skips an act someone else performed while the event was on its way', async () => {
    const { factum, payment } = await shopWithOrder();
    let raced = false;
    // The customer pays by hand between the mapping's check and its execute.
    const racing = {
      model: factum.engine.model,
      reader: factum.engine.reader,
      perform: async (input: Parameters<typeof factum.engine.perform>[0]) => {
        if (input.act === 'execute' && !raced) {
          raced = true;
          const byHand = await factum.engine.perform({
            transactionId: payment,
            act: 'execute',
            performer: { actor: 'alice', role: 'CA01' },
          });
          expect(byHand.ok).toBe(true);
        }
        return factum.engine.perform(input);
      },
    };
    const outcome = await receiveInbound(racing, mappings, captured(payment));
    expect(raced).toBe(true);
    expect(outcome).toEqual({
      outcome: 'performed',
      mapping: 'payment-captured',
      acts: [`promise ${payment}`, `declare ${payment}`],
      duplicates: 0,
    });
    await factum.settle();
    expect((await factum.engine.reader.transaction(payment))?.status).toBe('accepted');
    await factum.stop();
  });

  it('is refused with the engine’s reason when an act cannot be performed, appending nothing', async () => {
    const { factum, log } = await shopWithOrder();
    const before = await log();
    const outcome = await receiveInbound(factum.engine, mappings, captured('no-such-order.TK02'));
    expect(outcome).toMatchObject({
      outcome: 'refused',
      mapping: 'payment-captured',
      act: 'promise no-such-order.TK02',
      code: 'UnknownTransaction',
    });
    expect(await log()).toEqual(before);
    await factum.stop();
  });

  it('of a type the model does not map is left alone', async () => {
    const { factum, log } = await shopWithOrder();
    const before = await log();
    const outcome = await receiveInbound(factum.engine, mappings, {
      ...captured('x'),
      type: 'parcel.delivered',
    });
    expect(outcome).toEqual({ outcome: 'unmapped' });
    expect(await log()).toEqual(before);
    await factum.stop();
  });

  it('whose data lacks what the mapping reads is refused with the expression’s error', async () => {
    const { factum } = await shopWithOrder();
    const outcome = await receiveInbound(factum.engine, mappings, {
      ...captured('x'),
      data: { amount: 1 },
    });
    expect(outcome).toMatchObject({ outcome: 'refused', code: 'ExpressionError' });
    expect((outcome as { reason: string }).reason).toMatch(/payment/);
    await factum.stop();
  });
});

describe('an inbound mapping at model check', () => {
  const base = {
    name: 'm',
    actorRoles: {
      CA01: { name: 'client', kind: 'environmental' as const },
      A01: { name: 'supplier' },
    },
    transactionKinds: {
      TK01: {
        name: 'Delivery',
        product: '[delivery] is done',
        initiator: 'CA01' as const,
        executor: 'A01' as const,
        example: {},
      },
    },
  };

  it('names each problem at its path: unknown variables, roles, kinds, missing transactions', () => {
    const result = validateModel({
      ...base,
      inbound: [
        { id: 'a', type: 't.a', role: 'A01', acts: [{ promise: { transaction: 'evnt.subject' } }] },
        { id: 'b', type: 't.b', role: 'A09', acts: ['execute'] },
        { id: 'c', type: 't.a', role: 'A01', acts: [{ request: { kind: 'TK01' } }] },
      ],
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.error.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^inbound\.0\.acts\.0\.promise\.transaction: expression error: Unknown variable: evnt/,
        ),
        "inbound.1.role: unknown actor role 'A09'",
        expect.stringMatching(
          /^inbound\.1\.acts\.0\.execute: an inbound execute must name its transaction/,
        ),
        expect.stringMatching(/^inbound\.2\.type: 't\.a' is already mapped by 'a'/),
        expect.stringMatching(/^inbound\.2\.role: TK01 is requested by its initiator CA01/),
      ]),
    );
  });

  it('in TypeScript, a wrong one throws at defineModel', () => {
    expect(() =>
      defineModel({
        ...base,
        inbound: [{ id: 'a', type: 't', role: 'A01', acts: [{ promise: { transaction: '1 +' } }] }],
      }),
    ).toThrow(/inbound\.0\.acts\.0\.promise\.transaction/);
  });
});
