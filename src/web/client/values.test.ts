import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue, JsonSchema } from '../../protocol/index.ts';
import { formatMoney, formatScalar, summarisePayload } from './values.ts';

const lines: JsonSchema = {
  type: 'object',
  properties: {
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { sku: { type: 'string', 'x-format': 'product' }, qty: { type: 'integer' } },
      },
    },
    amount: { type: 'integer', 'x-format': 'money' },
    currency: { type: 'string' },
  },
};

describe('values read from their schemas', () => {
  it('shows money with its currency, from the schema, a sibling, or the model', () => {
    expect(
      formatScalar(1250, { type: 'integer', 'x-format': 'money', 'x-currency': 'EUR' }),
    ).toMatch(/12[.,]50/);
    expect(
      formatScalar(1250, { type: 'integer', 'x-format': 'money' }, { parent: { currency: 'USD' } }),
    ).toContain('$');
    expect(
      formatScalar(12.5, { type: 'number', 'x-format': 'money' }, { currency: 'EUR' }),
    ).toContain('€');
    expect(formatScalar(true, { type: 'boolean' })).toBe('yes');
    expect(formatScalar(null, {})).toBe('—');
  });

  it('summarises a payload on one line, in the model’s formats, without JSON', () => {
    const value: JsonValue = { lines: [{ sku: 'MUG-001', qty: 2 }], amount: 3390, currency: 'EUR' };
    const text = summarisePayload(value, lines, {
      formats: { product: (sku) => (sku === 'MUG-001' ? 'Stoneware mug' : 'other') },
    });
    expect(text).toMatch(/^Lines: 2 × Stoneware mug · Amount: €33[.,]90 · Currency: EUR$/);
  });

  it('never shows a nested object as raw JSON, whatever the payload', () => {
    const json: fc.Arbitrary<JsonValue> = fc.jsonValue().map((v) => v as JsonValue);
    const objectsIn = (value: JsonValue): JsonValue[] =>
      typeof value !== 'object' || value === null
        ? []
        : [
            ...(Array.isArray(value) || Object.keys(value).length === 0 ? [] : [value]),
            ...(Array.isArray(value) ? value : Object.values(value)).flatMap(objectsIn),
          ];
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), json), (value) => {
        const text = summarisePayload(value, undefined, {}, 100_000);
        for (const nested of Object.values(value).flatMap(objectsIn))
          expect(text.includes(JSON.stringify(nested))).toBe(false);
      }),
    );
  });

  it('keeps the minor units the schema says', () => {
    expect(formatMoney(1234, undefined, 2)).toMatch(/12[.,]34/);
    expect(formatMoney(5, 'JPY', 0)).toContain('5');
  });
});
