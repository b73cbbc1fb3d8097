import { describe, expect, it } from 'vitest';
import {
  childKindsOf,
  compilePayloadSchemas,
  formatModelProblems,
  kindSpecOf,
  parentKindsOf,
  rootKindsOf,
  validateModel,
  validatePayload,
  waitLinksOf,
} from 'factum/model';
import { catalog, productBySku } from './catalog.ts';
import shopModelDefault, { shopModel } from './model.ts';

describe('the shop example model', () => {
  it('validates clean', () => {
    const result = validateModel(shopModel);
    if (!result.ok) throw new Error(formatModelProblems(result.error));
    expect(shopModelDefault).toBe(shopModel);
  });

  it('has the three kinds of the e-commerce model with their parties', () => {
    expect(kindSpecOf(shopModel, 'TK01')).toEqual({
      id: 'TK01',
      name: 'Order',
      initiator: { role: 'CA01', personal: true },
      executor: { role: 'A01', personal: false },
      product: '[order] is completed',
      requiresProduct: false,
      entity: { type: 'ORDER' },
    });
    expect(kindSpecOf(shopModel, 'TK02')).toMatchObject({
      name: 'Payment',
      initiator: { role: 'A01' },
      executor: { role: 'CA01' },
    });
    expect(kindSpecOf(shopModel, 'TK03')).toMatchObject({
      name: 'Shipment',
      initiator: { role: 'A01' },
      executor: { role: 'A02' },
    });
  });

  it('links order → payment → shipment, and order execution waits for payment and shipment', () => {
    expect(rootKindsOf(shopModel)).toEqual(['TK01']);
    expect(childKindsOf(shopModel, 'TK01')).toEqual(['TK02']);
    expect(parentKindsOf(shopModel, 'TK03')).toEqual(['TK02']);
    expect(
      waitLinksOf(shopModel, 'TK01', 'execute').map((l) => `${l.waitsFor.kind}/${l.waitsFor.fact}`),
    ).toEqual(['TK02/accepted', 'TK03/accepted']);
  });

  it('has examples its payload schemas accept, naming products of the catalogue', () => {
    const compiled = compilePayloadSchemas(shopModel);
    for (const [kindId, kind] of Object.entries(shopModel.transactionKinds)) {
      expect(validatePayload(compiled, kindId, 'request', kind.example), kindId).toEqual([]);
    }
    const order = shopModel.transactionKinds.TK01.example as { lines: { sku: string }[] };
    for (const line of order.lines) expect(productBySku(line.sku), line.sku).toBeDefined();
    expect(
      validatePayload(compiled, 'TK01', 'request', { lines: [{ sku: 'MUG-001', qty: 0 }] }).map(
        (i) => i.path,
      ),
    ).toEqual(['lines.0.qty', 'shippingAddress']);
  });

  it('declares the Fact Model entity types', () => {
    const entityTypes = shopModel.factModel?.entityTypes ?? {};
    expect(Object.keys(entityTypes)).toEqual(['PRODUCT', 'CUSTOMER', 'ORDER', 'SHIPMENT']);
    expect(Object.keys(entityTypes.PRODUCT?.properties ?? {})).toEqual([
      'sku',
      'name',
      'price',
      'stockOnHand',
      'reserved',
    ]);
    expect(entityTypes.SHIPMENT?.properties.order?.type).toEqual({ entity: 'ORDER' });
  });

  it('has demo actors: customers alice and bob, fran in the fulfilment team, sam shipping', () => {
    expect(shopModel.actorRoles.CA01.demoActors).toEqual(['alice', 'bob']);
    expect(shopModel.actorRoles.A01.demoActors).toContain('fran');
    expect(shopModel.actorRoles.A02.demoActors).toEqual(['sam']);
  });
});

describe('the shop catalogue', () => {
  it('has 6 to 8 products with unique skus, prices in cents and stock', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(6);
    expect(catalog.length).toBeLessThanOrEqual(8);
    expect(new Set(catalog.map((p) => p.sku)).size).toBe(catalog.length);
    for (const product of catalog) {
      expect(Number.isInteger(product.price) && product.price > 0, product.sku).toBe(true);
      expect(Number.isInteger(product.initialStock) && product.initialStock >= 0, product.sku).toBe(
        true,
      );
    }
    expect(productBySku('NOPE')).toBeUndefined();
  });
});
