/**
 * The shop written as YAML through the command line: `factum model check` passes, and `factum
 * simulate` meets every expectation of the shop's scenarios — with-rules.yaml with --rules, the
 * others (acts by hand) without, as with the TypeScript shop.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { factum } from '../../src/cli/cli-harness.test-support.ts';

const model = 'examples/shop/model.yaml';
const scenarios = readdirSync(new URL('./scenarios', import.meta.url))
  .filter((name) => name.endsWith('.yaml'))
  .sort();

describe('examples/shop/model.yaml on the command line', () => {
  it('passes model check', async () => {
    const result = await factum(['model', 'check', model]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('8 action rules, 2 views, 1 ledger');
  });

  it.each(scenarios)('meets every expectation of %s', async (file) => {
    const rules = file === 'with-rules.yaml' ? ['--rules'] : [];
    const result = await factum(['simulate', model, `examples/shop/scenarios/${file}`, ...rules]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
