import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyFilter } from './key-filter.ts';

describe('KeyFilter', () => {
  it('holds every pair added, whatever its size (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 14 }),
        fc.array(fc.tuple(fc.string(), fc.string({ unit: 'binary' }))),
        (log2Bits, pairs) => {
          const filter = new KeyFilter(log2Bits);
          for (const [view, key] of pairs) filter.add(view, key);
          for (const [view, key] of pairs) expect(filter.mayHold(view, key)).toBe(true);
        },
      ),
    );
  });

  it('tells most pairs never added apart, the view and the key kept apart', () => {
    const filter = new KeyFilter(20);
    for (let i = 0; i < 50_000; i += 1) filter.add('transactions@rebuild', `w3-${i}`);
    let maybe = 0;
    for (let i = 50_000; i < 100_000; i += 1)
      if (filter.mayHold('transactions@rebuild', `w3-${i}`)) maybe += 1;
    // 50,000 pairs in 2^20 bits with 4 probes: about 0.3% false positives expected.
    expect(maybe).toBeLessThan(500);
    expect(filter.mayHold('transactions@rebuil', 'dw3-1')).toBe(false);
    expect(filter.mayHold('agenda@rebuild', 'w3-1')).toBe(false);
    expect(new KeyFilter(10).mayHold('v', 'k')).toBe(false);
  });
});
