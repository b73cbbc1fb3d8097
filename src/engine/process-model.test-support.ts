/**
 * A model whose Process Model has every kind of link the engine enforces, shared by the engine,
 * HTTP and property tests: a sale (with a product schema) starts one payment; an accepted payment
 * starts at most one packing under the sale; a promised packing starts checks; the sale's execute
 * waits for the packing; a check's execute waits for its "uncle" payment; a return, in a tree of
 * its own, waits for the accepted sale of the same SALE instance.
 */
import { defineModel } from '../model/index.ts';
import { checkKind, packingKind, paymentKind, saleKind } from './sale-model.test-support.ts';
import { responseLink, waitLink } from '../core/process-links.test-support.ts';

/** The process-model test model. */
export const processModel = defineModel({
  name: 'process-model-test',
  actorRoles: {
    CA01: { name: 'customer', kind: 'environmental', demoActors: ['alice', 'bob'] },
    A01: { name: 'seller', demoActors: ['sue'] },
    A02: { name: 'packer', demoActors: ['pat'] },
  },
  transactionKinds: {
    TK01: {
      ...saleKind,
      entityType: 'SALE',
      productPayload: {
        type: 'object',
        properties: { receipt: { type: 'string', minLength: 1 } },
        required: ['receipt'],
        additionalProperties: false,
      },
    },
    TK02: paymentKind,
    TK03: packingKind,
    TK04: checkKind,
    TK05: {
      name: 'Return',
      product: '[sale] is returned',
      entityType: 'SALE',
      entityKey: 'sale',
      initiator: 'CA01',
      executor: 'A01',
      payload: {
        type: 'object',
        properties: { sale: { type: 'string' } },
        required: ['sale'],
      },
      example: { sale: 'sale-1' },
    },
  },
  processModel: {
    responseLinks: [
      responseLink('TK01/promised', 'TK02/request', '1'),
      responseLink('TK02/accepted', 'TK03/request', '0..1'),
      responseLink('TK03/promised', 'TK04/request', '0..n'),
    ],
    waitLinks: [
      waitLink('TK01/execute', 'TK03/accepted', '1'),
      waitLink('TK04/execute', 'TK02/accepted', '1'),
      waitLink('TK05/promise', 'TK01/accepted', '1'),
    ],
  },
});

/** The actors of the tests. */
export const alice = { actor: 'alice', role: 'CA01' };
export const bob = { actor: 'bob', role: 'CA01' };
export const sue = { actor: 'sue', role: 'A01' };
export const pat = { actor: 'pat', role: 'A02' };
