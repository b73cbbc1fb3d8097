/** `factum model check` and `factum model diagram`: validate a model, draw it. */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import {
  cooperationMermaid,
  cooperationSvg,
  eventModelMermaid,
  eventModelSvg,
} from '../../model/diagram/index.ts';
import type { Model } from '../../model/model.ts';
import { exitCodes } from '../exit-codes.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';
import { complain } from '../with-stores.ts';

interface DiagramOptions {
  readonly format: 'mermaid' | 'svg';
  readonly view: 'cooperation' | 'event-model';
  readonly output?: string;
}

const modelArgumentHelp = 'the model: .yaml, .json or .ts (default: $FACTUM_MODEL)';

/** Registers `model check` and `model diagram`. */
export function registerModel(program: Command): void {
  const model = program.command('model').description('check a model, draw its diagrams');
  model
    .command('check')
    .description('validate a model and summarise it, or print every problem at its path')
    .argument('[model]', modelArgumentHelp)
    .addHelpText(
      'after',
      '\nExit codes: 0 the model is valid, 2 it has problems (each printed at its path).',
    )
    .action(async (path: string | undefined) => {
      process.exitCode = await check(path);
    });
  model
    .command('diagram')
    .description('draw the Cooperation Model or the event model derived from it')
    .argument('[model]', modelArgumentHelp)
    .addOption(
      new Option('--format <format>', 'Mermaid text or a self-contained SVG document')
        .choices(['mermaid', 'svg'])
        .default('mermaid'),
    )
    .addOption(
      new Option('--view <view>', 'which diagram')
        .choices(['cooperation', 'event-model'])
        .default('cooperation'),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
cooperation: actor roles (boxes; environmental ones grey and dashed) and transaction kinds (diamond in
a disc) with initiator links, executor links (square at the executor), response links (solid arrows)
and wait links (dashed arrows).
event-model: a timeline of the basic pattern's acts (request, promise, execute, declare, accept) of
every kind, with a swimlane per actor role (screens, automations), commands (blue), the agenda views
each act reads (green), events per kind (orange) and the model's own views at the end.

Exit codes: 0 drawn, 2 the model has problems or the output cannot be written.`,
    )
    .action(async (path: string | undefined, options: DiagramOptions) => {
      process.exitCode = await diagram(path, options);
    });
}

async function loadOrReport(path: string | undefined): Promise<Model | undefined> {
  const resolved = path ?? process.env.FACTUM_MODEL;
  if (resolved === undefined || resolved === '') {
    complain('name a model file, or set FACTUM_MODEL.');
    return undefined;
  }
  return loadModelOrReport(resolved);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** One line summing a valid model up (pure). */
export function summarise(model: Model): string {
  const entityTypes = Object.keys(model.factModel?.entityTypes ?? {}).length;
  return [
    plural(Object.keys(model.actorRoles).length, 'actor role'),
    plural(Object.keys(model.transactionKinds).length, 'transaction kind'),
    plural(model.processModel?.responseLinks?.length ?? 0, 'response link'),
    plural(model.processModel?.waitLinks?.length ?? 0, 'wait link'),
    plural(entityTypes, 'entity type'),
    plural(model.actionRules?.length ?? 0, 'action rule'),
    plural(model.views?.length ?? 0, 'view'),
    plural(model.ledgers?.length ?? 0, 'ledger'),
  ].join(', ');
}

async function check(path: string | undefined): Promise<number> {
  const model = await loadOrReport(path);
  if (model === undefined) return exitCodes.invalidInput;
  process.stdout.write(`ok: ${model.name}: ${summarise(model)}\n`);
  return exitCodes.ok;
}

function draw(model: Model, options: DiagramOptions): string {
  if (options.view === 'cooperation')
    return options.format === 'svg' ? cooperationSvg(model) : cooperationMermaid(model);
  return options.format === 'svg' ? eventModelSvg(model) : eventModelMermaid(model);
}

async function diagram(path: string | undefined, options: DiagramOptions): Promise<number> {
  const model = await loadOrReport(path);
  if (model === undefined) return exitCodes.invalidInput;
  const text = draw(model, options);
  if (options.output === undefined) {
    process.stdout.write(text);
    return exitCodes.ok;
  }
  try {
    await writeFile(options.output, text);
  } catch (error) {
    complain(
      `cannot write '${options.output}': ${error instanceof Error ? error.message : String(error)}`,
    );
    return exitCodes.invalidInput;
  }
  process.stderr.write(`wrote ${options.view} diagram (${options.format}) to ${options.output}\n`);
  return exitCodes.ok;
}
