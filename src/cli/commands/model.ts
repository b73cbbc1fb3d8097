/**
 * `factum model check`, `factum model diagram`, `factum model asyncapi` and `factum model bpmn`:
 * validate a model, draw it, export the events it publishes and its Process Model.
 */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  cooperationMermaid,
  diagramViews,
  drawDiagram,
  eventModelMermaid,
  processMermaid,
  type DiagramView,
} from '../../model/diagram/index.ts';
import type { Model } from '../../model/model.ts';
import {
  asyncApiDocument,
  asyncApiFormats,
  asyncApiText,
  type AsyncApiFormat,
} from '../../integrations/asyncapi/asyncapi-document.ts';
import { bpmnDocument } from '../../integrations/bpmn/bpmn-document.ts';
import { defaultSubjectPrefix } from '../../integrations/cloudevents/fact-cloudevent.ts';
import { exitCodes } from '../exit-codes.ts';
import { configOf, fromEnvironment } from '../settings.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';
import { complain } from '../with-stores.ts';

interface DiagramOptions {
  readonly format: 'mermaid' | 'svg';
  readonly view: DiagramView;
  readonly output?: string;
  readonly width: number;
}

interface AsyncApiCommandOptions {
  readonly format: AsyncApiFormat;
  readonly subjectPrefix: string;
  readonly output?: string;
}

interface OutputOptions {
  readonly output?: string;
}

const modelArgumentHelp = 'the model: .yaml, .json or .ts (default: $FACTUM_MODEL)';

/** Registers `model check`, `model diagram`, `model asyncapi` and `model bpmn`. */
export function registerModel(program: Command): void {
  const model = program
    .command('model')
    .description('check a model, draw its diagrams, export its events and its process');
  model
    .command('check')
    .description('validate a model and summarise it, or print every problem at its path')
    .argument('[model]', modelArgumentHelp)
    .addHelpText(
      'after',
      '\nExit codes: 0 the model is valid, 2 it has problems (each printed at its path).',
    )
    .action(async (path: string | undefined, _options: object, command: Command) => {
      process.exitCode = await check(path ?? (await configuredModel(command)));
    });
  model
    .command('diagram')
    .description(
      "draw DEMO's Organization Construction or Process Structure Diagram, or the event model",
    )
    .argument('[model]', modelArgumentHelp)
    .addOption(
      new Option('--format <format>', 'Mermaid text or a self-contained SVG document')
        .choices(['mermaid', 'svg'])
        .default('mermaid'),
    )
    .addOption(
      new Option('--view <view>', 'which diagram').choices(diagramViews).default('cooperation'),
    )
    .addOption(
      new Option('--width <px>', 'the width the event model wraps to (svg), 600 to 4000')
        .argParser(parseWidth)
        .default(1400),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
cooperation: DEMO's Organization Construction Diagram: actor roles (boxes; environmental ones grey,
outside the boundary of the organisation), transaction kinds (a diamond in a disc) with initiator
links and executor links (a square at the executor).
process: DEMO's Process Structure Diagram: per kind the steps request, promise, execute, declare,
accept (a gear marks those an action rule performs), response links (solid arrows) and wait links
(dashed arrows) with their cardinalities.
event-model: the timeline of those acts in Event Modeling's notation, wrapped into rows: a swimlane
per actor role (a person's screen, or the action rule that performs the act), commands (blue), the
agenda views each act reads (green), events per kind (orange), the model's views and ledgers last.

Exit codes: 0 drawn, 2 the model has problems or the output cannot be written.`,
    )
    .action(async (path: string | undefined, options: DiagramOptions, command: Command) => {
      process.exitCode = await diagram(path ?? (await configuredModel(command)), options);
    });
  model
    .command('asyncapi')
    .description('write the AsyncAPI 3.0 document of the events Factum publishes for a model')
    .argument('[model]', modelArgumentHelp)
    .addOption(
      new Option('--format <format>', 'YAML or JSON').choices(asyncApiFormats).default('yaml'),
    )
    .option(
      '--subject-prefix <prefix>',
      'the first token of every subject, as `serve --nats-subject-prefix` publishes to',
      defaultSubjectPrefix,
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
One channel per transaction kind and fact on the subject <prefix>.<model>.<kind>.<fact>, a send
operation each, the message named by the business event type (OrderPromised) and shaped as the
CloudEvent 1.0 in structured mode (application/cloudevents+json); its data carries the kind's
payload schema on requests and its product schema on executes. A NATS server at localhost:4222.

Exit codes: 0 written, 2 the model has problems or the output cannot be written.`,
    )
    .action(async (path: string | undefined, options: AsyncApiCommandOptions, command: Command) => {
      process.exitCode = await emitOf(
        path ?? (await configuredModel(command)),
        options.output,
        `AsyncAPI document (${options.format})`,
        (loaded) =>
          asyncApiText(
            asyncApiDocument(loaded, { subjectPrefix: options.subjectPrefix }),
            options.format,
          ),
      );
    });
  model
    .command('bpmn')
    .description('write the Process Model as BPMN 2.0 XML, laid out for bpmn.io or Camunda Modeler')
    .argument('[model]', modelArgumentHelp)
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
A collaboration with a pool per actor role and in it the steps the role performs (request and
accept for the initiator, promise, execute and declare for the executor; service tasks where an
action rule acts), message flows between the roles (request to promise, declare to accept), the
response and wait links as flows between steps, and a diagram (BPMN DI) laid out on a grid.

Exit codes: 0 written, 2 the model has problems or the output cannot be written.`,
    )
    .action(async (path: string | undefined, options: OutputOptions, command: Command) => {
      process.exitCode = await emitOf(
        path ?? (await configuredModel(command)),
        options.output,
        'BPMN document',
        bpmnDocument,
      );
    });
}

/** Loads a model and emits what `render` makes of it; exit 2 when it does not load. */
async function emitOf(
  path: string | undefined,
  output: string | undefined,
  what: string,
  render: (model: Model) => string | Promise<string>,
): Promise<number> {
  const model = await loadOrReport(path);
  if (model === undefined) return exitCodes.invalidInput;
  return emit(await render(model), output, what);
}

/** Writes text to stdout, or to a file with a line on stderr saying so. */
async function emit(text: string, output: string | undefined, what: string): Promise<number> {
  if (output === undefined) {
    process.stdout.write(text);
    return exitCodes.ok;
  }
  try {
    await writeFile(output, text);
  } catch (error) {
    complain(`cannot write '${output}': ${error instanceof Error ? error.message : String(error)}`);
    return exitCodes.invalidInput;
  }
  process.stderr.write(`wrote ${what} to ${output}\n`);
  return exitCodes.ok;
}

/** Reads `--width`: whole pixels from 600 to 4000, else a usage error (pure). */
function parseWidth(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 600 || n > 4000)
    throw new InvalidArgumentError('a whole number of pixels from 600 to 4000');
  return n;
}

/** The model named by `FACTUM_MODEL`, else by the configuration file. */
async function configuredModel(command: Command): Promise<string | undefined> {
  return fromEnvironment('model')?.text ?? (await configOf(command)).config.model;
}

async function loadOrReport(path: string | undefined): Promise<Model | undefined> {
  const resolved = path;
  if (resolved === undefined || resolved === '') {
    complain('name a model file, set FACTUM_MODEL, or name it as "model" in factum.config.json.');
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

async function draw(model: Model, options: DiagramOptions): Promise<string> {
  // A file of its own: the SVG with its XML declaration.
  if (options.format === 'svg')
    return `<?xml version="1.0" encoding="UTF-8"?>\n${await drawDiagram(model, options.view, { maxWidth: options.width })}`;
  switch (options.view) {
    case 'cooperation':
      return cooperationMermaid(model);
    case 'process':
      return processMermaid(model);
    case 'event-model':
      return eventModelMermaid(model);
  }
}

function diagram(path: string | undefined, options: DiagramOptions): Promise<number> {
  return emitOf(path, options.output, `${options.view} diagram (${options.format})`, (model) =>
    draw(model, options),
  );
}
