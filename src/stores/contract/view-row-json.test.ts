import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/index.ts';
import { viewRowJson, viewRowsJson } from './view-row-json.ts';

describe('viewRowsJson', () => {
  it('writes each row as viewRowJson writes it alone, in order', () => {
    const rows: JsonObject[] = [
      { n: 1, nested: { list: [1, 'two', null, true] }, text: 'quote " and \\ and \u0000 é✓' },
      {},
      { z: 1, a: 2, toJSONish: 'no' },
      { dated: { toJSON: () => 'stamped' } } as unknown as JsonObject,
      { big: 1e21, small: -0, gone: undefined } as unknown as JsonObject,
    ];
    const text = viewRowsJson(rows);
    expect(text).toBe(`[${rows.map(viewRowJson).join(',')}]`);
    expect(JSON.parse(text)).toEqual(rows.map((row) => JSON.parse(viewRowJson(row)) as unknown));
  });

  it('writes a row with its own toJSON as it writes alone', () => {
    const row = { toJSON: () => ({ shown: true }) } as unknown as JsonObject;
    expect(viewRowsJson([{ a: 1 }, row])).toBe('[{"a":1},{"shown":true}]');
  });

  it('refuses a row JSON cannot hold, where an array would write null', () => {
    const notJson = [undefined, () => 1, { toJSON: () => undefined }] as unknown as JsonObject[];
    for (const row of notJson) {
      expect(() => viewRowJson(row)).toThrow(TypeError);
      expect(() => viewRowsJson([{ a: 1 }, row])).toThrow(TypeError);
    }
  });

  it('throws as a row alone throws: bigints, cycles, a throwing toJSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const throwing = {
      toJSON(): never {
        throw new Error('no JSON for this');
      },
    };
    expect(() => viewRowsJson([{ a: 1n } as unknown as JsonObject])).toThrow(TypeError);
    expect(() => viewRowsJson([cyclic as JsonObject])).toThrow(TypeError);
    expect(() => viewRowsJson([throwing as unknown as JsonObject])).toThrow('no JSON for this');
  });

  it('writes no rows as an empty array', () => {
    expect(viewRowsJson([])).toBe('[]');
  });
});
