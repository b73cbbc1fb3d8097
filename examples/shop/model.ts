/**
 * The e-commerce shop as a DEMO model: a customer orders, the order completer has the order paid
 * and shipped, then completes it. Its action rules, stock ledger and views live beside it.
 */
import { defineModel } from 'factum/model';
import { paymentCaptured } from './inbound.ts';
import { stockLedger } from './ledgers.ts';
import { shopRules } from './rules.ts';
import { seedStock } from './seed.ts';
import { shopViews } from './views.ts';

const orderLine = {
  type: 'object',
  properties: {
    sku: { type: 'string', minLength: 1, title: 'Product', 'x-format': 'product' },
    qty: { type: 'integer', minimum: 1, title: 'Quantity' },
  },
  required: ['sku', 'qty'],
  additionalProperties: false,
} as const;

const address = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    street: { type: 'string', minLength: 1 },
    city: { type: 'string', minLength: 1 },
    postcode: { type: 'string', minLength: 1 },
    country: { type: 'string', minLength: 2, maxLength: 2 },
  },
  required: ['name', 'street', 'city', 'postcode', 'country'],
  additionalProperties: false,
} as const;

const exampleAddress = {
  name: 'Alice Example',
  street: '1 Market Street',
  city: 'Utrecht',
  postcode: '3511 AA',
  country: 'NL',
};

/** The shop model: three transaction kinds between a customer, the order completer and a shipper. */
export const shopModel = defineModel({
  name: 'shop',
  description:
    'An e-commerce shop: orders are promised when in stock, paid, shipped and completed.',
  actorRoles: {
    CA01: {
      name: 'customer',
      kind: 'environmental',
      description: 'Orders products, pays and accepts the delivered order.',
      demoActors: ['alice', 'bob'],
    },
    A01: {
      name: 'order completer',
      kind: 'elementary',
      description: "The shop's fulfilment team: promises orders, has them paid and shipped.",
      demoActors: ['fran', 'felix'],
    },
    A02: {
      name: 'shipper',
      kind: 'elementary',
      description: 'The warehouse and carrier: ships orders to the customer.',
      demoActors: ['sam'],
    },
  },
  transactionKinds: {
    TK01: {
      name: 'Order',
      label: 'order completion',
      product: '[order] is completed',
      entityType: 'ORDER',
      initiator: 'CA01',
      executor: 'A01',
      payload: {
        type: 'object',
        properties: {
          lines: { type: 'array', items: orderLine, minItems: 1 },
          shippingAddress: address,
        },
        required: ['lines', 'shippingAddress'],
        additionalProperties: false,
      },
      example: {
        lines: [
          { sku: 'MUG-001', qty: 2 },
          { sku: 'TEA-010', qty: 1 },
        ],
        shippingAddress: exampleAddress,
      },
    },
    TK02: {
      name: 'Payment',
      label: 'order payment',
      product: '[order] is paid',
      entityType: 'ORDER',
      initiator: 'A01',
      executor: 'CA01',
      payload: {
        type: 'object',
        properties: {
          orderId: { type: 'string', minLength: 1 },
          amount: { type: 'integer', minimum: 0, description: 'In cents.', 'x-format': 'money' },
          currency: { type: 'string', minLength: 3, maxLength: 3 },
        },
        required: ['orderId', 'amount', 'currency'],
        additionalProperties: false,
      },
      example: { orderId: 'order-1', amount: 3390, currency: 'EUR' },
    },
    TK03: {
      name: 'Shipment',
      label: 'order shipment',
      product: '[shipment] is delivered',
      entityType: 'SHIPMENT',
      initiator: 'A01',
      executor: 'A02',
      payload: {
        type: 'object',
        properties: {
          orderId: { type: 'string', minLength: 1 },
          address,
          lines: { type: 'array', items: orderLine, minItems: 1 },
        },
        required: ['orderId', 'address', 'lines'],
        additionalProperties: false,
      },
      example: {
        orderId: 'order-1',
        address: exampleAddress,
        lines: [
          { sku: 'MUG-001', qty: 2 },
          { sku: 'TEA-010', qty: 1 },
        ],
      },
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
        cardinality: '1',
      },
    ],
    waitLinks: [
      {
        act: { kind: 'TK01', act: 'execute' },
        waitsFor: { kind: 'TK02', fact: 'accepted' },
        cardinality: '1',
      },
      {
        act: { kind: 'TK01', act: 'execute' },
        waitsFor: { kind: 'TK03', fact: 'accepted' },
        cardinality: '1',
      },
    ],
  },
  dashboard: {
    // The customer pays: DEMO's promise, execute and declare of a payment, in the shop's words.
    acts: {
      TK02: { promise: 'Agree to pay', execute: 'Pay', declare: 'Confirm payment' },
      TK03: { execute: 'Ship', declare: 'Confirm delivery' },
    },
    facts: { TK02: { executed: 'made', declared: 'confirmed' }, TK03: { executed: 'sent' } },
    currency: 'EUR',
    module: new URL('./dashboard/index.tsx', import.meta.url).href,
  },
  factModel: {
    entityTypes: {
      PRODUCT: {
        description: 'A product the shop sells; stock is a fact built from events.',
        properties: {
          sku: { type: 'string' },
          name: { type: 'string' },
          price: { type: 'money', description: 'Unit price in cents.' },
          stockOnHand: { type: 'integer' },
          reserved: {
            type: 'integer',
            description: 'Reserved by promised orders, not yet shipped.',
          },
        },
      },
      CUSTOMER: {
        description: 'Someone who orders: an actor of the customer role.',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
        },
      },
      ORDER: {
        properties: {
          customer: { type: { entity: 'CUSTOMER' } },
          lines: { type: 'json', many: true, description: 'sku and quantity per line.' },
          total: { type: 'money' },
        },
      },
      SHIPMENT: {
        properties: {
          order: { type: { entity: 'ORDER' } },
          address: { type: 'json' },
        },
      },
    },
  },
  actionRules: shopRules,
  views: shopViews,
  ledgers: [stockLedger],
  inbound: [paymentCaptured],
  demoData: seedStock,
});

export default shopModel;
