import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../protocol/index.ts';
import { defaultValue, initialValue, pruneEmpty, readNumber, schemaType } from './schema-values.ts';

const order: JsonSchema = {
  type: 'object',
  properties: {
    lines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
        required: ['sku', 'qty'],
      },
    },
    note: { type: 'string' },
    express: { type: 'boolean' },
    channel: { enum: ['web', 'phone'] },
  },
  required: ['lines', 'express', 'channel'],
};

describe('generated form values', () => {
  it('starts from the schema: required fields, one row per minItems, minimum numbers, first enum', () => {
    expect(defaultValue(order)).toEqual({
      lines: [{ sku: '', qty: 1 }],
      express: false,
      channel: 'web',
    });
    expect(schemaType({ type: ['null', 'number'] })).toBe('number');
    expect(schemaType({ items: {} })).toBe('array');
  });

  it("prefers the kind's example, copied so editing never changes the model", () => {
    const example = { lines: [{ sku: 'MUG-001', qty: 2 }] };
    const value = initialValue(order, example);
    expect(value).toEqual(example);
    expect(value).not.toBe(example);
    expect(initialValue(undefined, undefined)).toEqual({});
  });

  it('reads number inputs and drops empty optional fields', () => {
    expect(readNumber('3', true)).toBe(3);
    expect(readNumber('2.5', true)).toBe('2.5');
    expect(readNumber('2.5', false)).toBe(2.5);
    expect(readNumber('', true)).toBeNull();
    expect(pruneEmpty(order, { lines: [{ sku: 'A', qty: 1 }], note: '', express: true })).toEqual({
      lines: [{ sku: 'A', qty: 1 }],
      express: true,
    });
  });
});
