/**
 * A model whose Process Model has every kind of link the engine enforces, shared by the engine,
 * HTTP and property tests: a sale (with a product schema) starts one payment; an accepted payment
 * starts at most one packing under the sale; a promised packing starts checks; the sale's execute
 * waits for the packing; a check's execute waits for its "uncle" payment; a return, in a tree of
 * its own, waits for the accepted sale of the same SALE instance.
 */
import { defineModel } from '../model/index.ts';

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
      name: 'Sale',
      product: '[sale] is done',
      entityType: 'SALE',
      initiator: 'CA01',
      executor: 'A01',
      example: {},
      productPayload: {
        type: 'object',
        properties: { receipt: { type: 'string', minLength: 1 } },
        required: ['receipt'],
        additionalProperties: false,
      },
    },
    TK02: {
      name: 'Payment',
      product: '[sale] is paid',
      initiator: 'A01',
      executor: 'CA01',
      example: {},
    },
    TK03: {
      name: 'Packing',
      product: '[sale] is packed',
      initiator: 'A01',
      executor: 'A02',
      example: {},
    },
    TK04: {
      name: 'Check',
      product: '[packing] is checked',
      initiator: 'A02',
      executor: 'A01',
      example: {},
    },
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
      {
        from: { kind: 'TK01', fact: 'promised' },
        to: { kind: 'TK02', act: 'request' },
        cardinality: '1',
      },
      {
        from: { kind: 'TK02', fact: 'accepted' },
        to: { kind: 'TK03', act: 'request' },
        cardinality: '0..1',
      },
      {
        from: { kind: 'TK03', fact: 'promised' },
        to: { kind: 'TK04', act: 'request' },
        cardinality: '0..n',
      },
    ],
    waitLinks: [
      {
        act: { kind: 'TK01', act: 'execute' },
        waitsFor: { kind: 'TK03', fact: 'accepted' },
        cardinality: '1',
      },
      {
        act: { kind: 'TK04', act: 'execute' },
        waitsFor: { kind: 'TK02', fact: 'accepted' },
        cardinality: '1',
      },
      {
        act: { kind: 'TK05', act: 'promise' },
        waitsFor: { kind: 'TK01', fact: 'accepted' },
        cardinality: '1',
      },
    ],
  },
});

/** The actors of the tests. */
export const alice = { actor: 'alice', role: 'CA01' };
export const bob = { actor: 'bob', role: 'CA01' };
export const sue = { actor: 'sue', role: 'A01' };
export const pat = { actor: 'pat', role: 'A02' };
