/**
 * The shop written as YAML (model.yaml) against the shop written in TypeScript (model.ts): every
 * scenario of the shop gives the same facts — the same C-facts and P-facts, in the same order, with
 * the same performers, payloads and justifications, and the same ledger movements.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonValue } from 'factum/core';
import { formatModelProblems, loadModel, type Model } from 'factum/model';
import { memoryEventStore } from 'factum/stores';
import { checkScenario } from '../../src/scenario/check-scenario.ts';
import { engineScenarioTarget } from '../../src/scenario/engine-target.ts';
import { runScenario, type StepResult } from '../../src/scenario/run-scenario.ts';
import { shopModel } from './model.ts';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The scenarios of the shop; the one named with-rules runs with the action rules. */
const scenarios = readdirSync(here('./scenarios'))
  .filter((name) => name.endsWith('.yaml'))
  .sort();

async function yamlShop(): Promise<Model> {
  const loaded = await loadModel(here('./model.yaml'));
  if (!loaded.ok) throw new Error(formatModelProblems(loaded.error));
  return loaded.value;
}

/** What a run leaves: the report of each step, and the log (timers aside: see below). */
interface Run {
  readonly steps: readonly StepResult[];
  readonly log: readonly { stream: string; type: string; data: JsonValue }[];
}

/** Runs a scenario as `factum simulate` does (a fixed clock), keeping the log to compare. */
async function simulate(model: Model, file: string): Promise<Run> {
  const checked = checkScenario(model, parse(readFileSync(here(`./scenarios/${file}`), 'utf8')));
  if (!checked.ok) throw new Error(JSON.stringify(checked.error));
  const store = memoryEventStore();
  let time = Date.parse('2026-01-05T09:00:00.000Z');
  const target = engineScenarioTarget(model, {
    rules: file === 'with-rules.yaml',
    clock: () => new Date((time += 60_000)),
    store,
  });
  const steps: StepResult[] = [];
  for await (const step of runScenario(model, checked.value, target)) steps.push(step);
  const log: Run['log'][number][] = [];
  // A TypeScript rule schedules its deadline act only when it is due to matter; a data deadline is
  // always scheduled and checks its `while` when due. Timers are how, not what: left out.
  for await (const event of store.readAll())
    if (!event.streamId.startsWith('timer:'))
      log.push({ stream: event.streamId, type: event.type, data: event.data });
  return { steps, log };
}

describe('the shop as YAML', () => {
  it('validates clean and has what the TypeScript shop has', async () => {
    const model = await yamlShop();
    expect(model.actorRoles).toEqual(shopModel.actorRoles);
    expect(model.transactionKinds).toEqual(shopModel.transactionKinds);
    expect(model.processModel).toEqual(shopModel.processModel);
    expect(model.factModel).toEqual(shopModel.factModel);
  });

  it.each(scenarios)('gives the same facts as the TypeScript shop in %s', async (file) => {
    const model = await yamlShop();
    const fromYaml = await simulate(model, file);
    const fromTs = await simulate(shopModel, file);
    expect(fromYaml.steps.filter((s) => !s.met)).toEqual([]);
    expect(fromYaml.steps).toEqual(fromTs.steps);
    expect(fromYaml.log.length).toBeGreaterThan(0);
    expect(fromYaml.log).toEqual(fromTs.log);
  });
});
