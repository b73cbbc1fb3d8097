/**
 * Every scenario of every example runs with the action rules on, as `factum simulate <model>
 * <scenario> --rules` runs it, and meets every expectation; the shop's on its YAML and its
 * TypeScript model alike. A scenario that plays a role by hand says so (`byHand`).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/model/load-model.ts';
import { checkScenario } from '../src/scenario/check-scenario.ts';
import { engineScenarioTarget } from '../src/scenario/engine-target.ts';
import { readScenarioFile } from '../src/scenario/load-scenario.ts';
import { runScenario } from '../src/scenario/run-scenario.ts';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const models: readonly (readonly [string, string])[] = [
  ['minimal', 'minimal/model.yaml'],
  ['shop', 'shop/model.yaml'],
  ['shop', 'shop/model.ts'],
  ['rental', 'rental/model.yaml'],
];

const cases = models.flatMap(([example, model]) =>
  readdirSync(here(`${example}/scenarios`))
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .map((scenario) => [model, `${example}/scenarios/${scenario}`] as const),
);

describe('the examples’ scenarios with the rules on', () => {
  it('finds the scenarios of every example', () => {
    expect(new Set(cases.map(([model]) => model))).toEqual(new Set(models.map(([, m]) => m)));
  });

  it.each(cases)('%s passes %s', { timeout: 60_000 }, async (modelPath, scenarioPath) => {
    const model = await loadModel(here(modelPath));
    if (!model.ok) throw new Error(`${modelPath} does not load`);
    const file = await readScenarioFile(here(scenarioPath));
    const checked = file.ok ? checkScenario(model.value, file.value) : file;
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    let time = Date.parse('2026-01-05T09:00:00.000Z');
    const target = engineScenarioTarget(model.value, {
      rules: true,
      clock: () => new Date((time += 60_000)),
      ...(checked.value.byHand === undefined ? {} : { byHand: checked.value.byHand }),
    });
    const missed: string[] = [];
    for await (const result of runScenario(model.value, checked.value, target))
      if (!result.met) missed.push(JSON.stringify(result.report));
    expect(missed).toEqual([]);
  });
});
