/** `factum simulate <model> <scenario>`: checks a model by sample instances, step by step. */
import type { Command } from 'commander';
import type { RuleActOutcome } from '../../engine/rules/respond-to-facts.ts';
import { checkScenario } from '../../scenario/check-scenario.ts';
import { engineScenarioTarget } from '../../scenario/engine-target.ts';
import { readScenarioFile } from '../../scenario/load-scenario.ts';
import { formatStep, runScenario } from '../../scenario/run-scenario.ts';
import { exitCodes } from '../exit-codes.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';

interface SimulateOptions {
  readonly json?: boolean;
  readonly rules?: boolean;
}

/** Registers the `simulate` command. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run a scenario (YAML or JSON) against a model in memory, one line per step')
    .argument('<model>', 'the model: .yaml, .json or .ts')
    .argument('<scenario>', 'the scenario: { steps: [...] } in YAML or JSON')
    .option('--rules', 'let the action rules respond to every fact (off by default)')
    .option('--json', 'print exactly one JSON object per step, one per line')
    .addHelpText(
      'after',
      '\nExit codes: 0 every expectation held, 1 a step missed its expectation, 2 malformed model or scenario.',
    )
    .action(async (modelPath: string, scenarioPath: string, options: SimulateOptions) => {
      process.exitCode = await simulate(modelPath, scenarioPath, options);
    });
}

function describeRuleOutcome(outcome: RuleActOutcome): string {
  switch (outcome.outcome) {
    case 'appended':
      return `rule ${outcome.rule}: ${outcome.facts.map((f) => `${f.type} on ${f.transactionId}`).join(', ')}`;
    case 'refused':
      return `rule ${outcome.rule}: ${outcome.act.act} refused ${outcome.refusal.code}: ${outcome.refusal.message}`;
    case 'duplicate':
      return `rule ${outcome.rule}: ${outcome.act.act} already performed`;
    case 'scheduled':
      return `rule ${outcome.rule}: ${outcome.intent.type === 'perform' ? outcome.intent.act : 'request'} scheduled at ${outcome.at} (runs when a step's at passes it)`;
    case 'deadline':
      return `rule ${outcome.rule}: deadline at ${outcome.at} (runs when a step's at passes it)`;
    case 'proposed':
      return `rule ${outcome.rule}: proposes ${outcome.acts.map((a) => `${a.act} on ${a.transactionId ?? 'a new transaction'}`).join(', ')} (a person confirms it)`;
  }
}

async function simulate(
  modelPath: string,
  scenarioPath: string,
  options: SimulateOptions,
): Promise<number> {
  const model = await loadModelOrReport(modelPath);
  if (model === undefined) return exitCodes.invalidInput;
  const file = await readScenarioFile(scenarioPath);
  const checked = file.ok ? checkScenario(model, file.value) : file;
  if (!checked.ok) {
    for (const problem of checked.error)
      process.stderr.write(`${scenarioPath}: ${problem.path}: ${problem.message}\n`);
    return exitCodes.invalidInput;
  }
  // A fixed clock keeps the output of a scenario the same from run to run.
  let time = Date.parse('2026-01-05T09:00:00.000Z');
  const pendingRuleLines: string[] = [];
  const target = engineScenarioTarget(model, {
    rules: options.rules === true,
    ...(checked.value.byHand === undefined ? {} : { byHand: checked.value.byHand }),
    clock: () => new Date((time += 60_000)),
    onRules: (outcomes) => pendingRuleLines.push(...outcomes.map(describeRuleOutcome)),
  });
  let failures = 0;
  if (options.rules === true && !options.json)
    for (const role of checked.value.byHand ?? [])
      process.stdout.write(
        `by hand: ${role} (${model.actorRoles[role]?.name ?? role}): its action rules stand down in this scenario\n`,
      );
  for await (const result of runScenario(model, checked.value, target)) {
    if (!result.met) failures += 1;
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result.report)}\n`);
    } else {
      process.stdout.write(`${formatStep(result)}\n`);
      for (const line of pendingRuleLines) process.stdout.write(`       ↳ ${line}\n`);
    }
    pendingRuleLines.length = 0;
  }
  if (failures > 0) {
    process.stderr.write(`${failures} step(s) did not meet their expectation\n`);
    return exitCodes.failed;
  }
  return exitCodes.ok;
}
