/**
 * Rent-A-Car through the command line, as a modeller runs it: `factum model check` passes and
 * `factum simulate … --rules` meets every expectation of every scenario in scenarios/.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { factum } from '../../src/cli/cli-harness.test-support.ts';

const model = 'examples/rental/model.yaml';
const scenarios = readdirSync(new URL('./scenarios', import.meta.url))
  .filter((name) => name.endsWith('.yaml'))
  .sort();

describe('examples/rental on the command line', () => {
  it('passes model check: five kinds, their links, rules, views and the fleet ledger', async () => {
    const result = await factum(['model', 'check', model]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'ok: rental: 3 actor roles, 5 transaction kinds, 4 response links, 4 wait links, 5 entity types, 11 action rules, 2 views, 1 ledger',
    );
  });

  it('has the four scenarios of the case', () => {
    expect(scenarios).toEqual([
      'cancellation.yaml',
      'happy-path.yaml',
      'late-drop-off.yaml',
      'refused-revocation.yaml',
    ]);
  });

  it.each(scenarios)('meets every expectation of %s with --rules', async (file) => {
    const result = await factum([
      'simulate',
      model,
      `examples/rental/scenarios/${file}`,
      '--rules',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('fires the late drop-off deadline when the end date passes, charging the penalty', async () => {
    const result = await factum([
      'simulate',
      model,
      'examples/rental/scenarios/late-drop-off.yaml',
      '--rules',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const steps = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { act: string; outcome: string; tx: string });
    expect(steps.find((s) => s.outcome === 'waited')).toMatchObject({ tx: 'r1.TK04', act: 'wait' });
    expect(steps.at(-1)).toMatchObject({ tx: 'r1', act: 'accept', outcome: 'appended' });
  });
});
