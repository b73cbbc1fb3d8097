import { describe, expect, it } from 'vitest';
import type { Model } from './model.ts';
import {
  compilePayloadSchemas,
  PayloadSchemaError,
  validatePayload,
} from './payload-validation.ts';
import { orderKind, orderLinesSchema } from './shop-kinds.test-support.ts';
import { shopRoles } from './shop-roles.test-support.ts';

const model: Model = {
  name: 'payloads',
  actorRoles: shopRoles(),
  transactionKinds: {
    TK01: {
      ...orderKind(),
      payload: orderLinesSchema(true),
      productPayload: {
        type: 'object',
        properties: { total: { type: 'integer' } },
        required: ['total'],
      },
      example: { lines: [{ sku: 'MUG-001', qty: 1 }] },
    },
    TK02: {
      name: 'Note',
      product: '[note] is taken',
      initiator: 'CA01',
      executor: 'A01',
      example: null,
    },
  },
};

describe('validatePayload', () => {
  const compiled = compilePayloadSchemas(model);

  it('accepts a request payload that matches the kind payload schema', () => {
    expect(validatePayload(compiled, 'TK01', 'request', { lines: [{ sku: 'A', qty: 2 }] })).toEqual(
      [],
    );
  });

  it('reports request payload issues with dotted paths', () => {
    const issues = validatePayload(compiled, 'TK01', 'request', {
      lines: [
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 0, colour: 'red' },
      ],
    });
    expect(issues).toEqual([
      { path: 'lines.1.qty', message: 'Too small: expected number to be >=1' },
      { path: 'lines.1.colour', message: "unknown property 'colour'" },
    ]);
  });

  it('reports a payload of the wrong type at the empty path', () => {
    expect(validatePayload(compiled, 'TK01', 'request', 'two mugs')).toEqual([
      { path: '', message: 'expected object, received string' },
    ]);
    expect(validatePayload(compiled, 'TK01', 'request', { lines: [] })).toEqual([
      { path: 'lines', message: 'Too small: expected array to have >=1 items' },
    ]);
  });

  it('checks execute payloads against productPayload', () => {
    expect(validatePayload(compiled, 'TK01', 'execute', { total: 1250 })).toEqual([]);
    expect(validatePayload(compiled, 'TK01', 'execute', { total: 'lots' })).toEqual([
      { path: 'total', message: 'expected number, received string' },
    ]);
  });

  it('leaves other acts, kinds without schemas and unknown kinds unchecked', () => {
    expect(validatePayload(compiled, 'TK01', 'promise', 'anything')).toEqual([]);
    expect(validatePayload(compiled, 'TK01', 'declare', { total: 'lots' })).toEqual([]);
    expect(validatePayload(compiled, 'TK02', 'request', 42)).toEqual([]);
    expect(validatePayload(compiled, 'TK99', 'request', 42)).toEqual([]);
  });

  it('compiles once per model', () => {
    expect(compilePayloadSchemas(model)).toBe(compiled);
    expect(compilePayloadSchemas({ ...model })).not.toBe(compiled);
  });

  it('throws a typed error for a schema that cannot be compiled', () => {
    const bad: Model = {
      ...model,
      transactionKinds: {
        TK01: { ...model.transactionKinds.TK01!, productPayload: { type: 'strin' } },
      },
    };
    expect(() => compilePayloadSchemas(bad)).toThrow(PayloadSchemaError);
    expect(() => compilePayloadSchemas(bad)).toThrow(
      'transactionKinds.TK01.productPayload: invalid payload schema: Unsupported type: strin',
    );
  });
});
