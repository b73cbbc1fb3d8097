/** `factum views status` and `factum views rebuild`: where each projection stands, and rebuilding one. */
import type { Command } from 'commander';
import type { OpenStores } from '../../app/open-stores.ts';
import { createFactum, type Factum } from '../../engine/factum.ts';
import type { ProjectionStatus } from '../../engine/views/projection-runner.ts';
import type { Model } from '../../model/model.ts';
import { exitCodesHelp, withModelAndStore, type ModelStoreCommandOptions } from '../cli-options.ts';
import { exitCodes } from '../exit-codes.ts';
import { headPosition } from '../../engine/views/projection-runner.ts';
import {
  allowUnknownFactsOption,
  checkLogAgainstModel,
  type CheckLogOptions,
} from '../check-log.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';
import { createCliLogger } from '../logger.ts';
import { startProgress } from '../progress.ts';
import { printListing } from '../table.ts';
import { complain, withStores } from '../with-stores.ts';

interface StatusOptions extends ModelStoreCommandOptions {
  readonly json?: boolean;
  readonly maxLag?: string;
}

interface RebuildOptions extends ModelStoreCommandOptions, CheckLogOptions {
  readonly view?: string;
}

/** One line of `views status`: a projection, or the agent, which also follows the log. */
interface StatusLine {
  readonly name: string;
  readonly type: 'projection' | 'agent';
  readonly views: readonly string[];
  readonly position: string | null;
  readonly head: string | null;
  readonly lag: string;
  readonly running: boolean;
  readonly updatedAt: string | null;
}

/** Registers `views status` and `views rebuild`. */
export function registerViews(program: Command): void {
  const views = program
    .command('views')
    .description('the query side: where each projection stands, and rebuilding it from the log');
  withModelAndStore(
    views
      .command('status')
      .description('per projection (and the agent): position, log head, lag, last commit'),
  )
    .option('--json', 'print one JSON array instead of a table')
    .option('--max-lag <events>', 'exit 1 when any projection lags more than this many events')
    .addHelpText('after', exitCodesHelp('a projection lags more than --max-lag'))
    .action(async (options: StatusOptions) => {
      process.exitCode = await status(options);
    });
  withModelAndStore(
    views
      .command('rebuild')
      .description(
        'rebuild projections from the start of the log; live rows keep serving until the swap',
      ),
  )
    .option('--view <name>', 'only this projection (e.g. builtin, transactions, customer-orders)')
    .addOption(allowUnknownFactsOption())
    .addHelpText(
      'after',
      `${exitCodesHelp('(not used)')}\nA progress bar is drawn on stderr when it is a terminal; otherwise progress is logged.`,
    )
    .action(async (options: RebuildOptions) => {
      process.exitCode = await rebuild(options);
    });
}

function factumOver(model: Model, stores: OpenStores): Factum {
  // Not started: the command reads and rebuilds; it runs neither the agents nor the live runners.
  return createFactum({ model, store: stores.store, views: stores.views });
}

async function statusLines(factum: Factum, stores: OpenStores): Promise<StatusLine[]> {
  const lines: StatusLine[] = [];
  const updated = async (name: string): Promise<string | null> =>
    (await stores.views.checkpoint(name))?.updatedAt ?? null;
  for (const runner of factum.projections) {
    const s: ProjectionStatus = await runner.status();
    lines.push({
      name: s.projection,
      type: 'projection',
      views: runner.projection.views,
      position: s.position?.toString() ?? null,
      head: s.head?.toString() ?? null,
      lag: s.lag.toString(),
      running: s.running,
      updatedAt: await updated(s.projection),
    });
  }
  if (factum.agent !== undefined) {
    const checkpoint = await stores.views.checkpoint(factum.agent.name);
    const head = (await headPosition(stores.store)) ?? 0n;
    const position = checkpoint?.position ?? null;
    const lag = head - (position ?? 0n);
    lines.push({
      name: factum.agent.name,
      type: 'agent',
      views: ['parked', 'timers'],
      position: position?.toString() ?? null,
      head: head.toString(),
      lag: (lag < 0n ? 0n : lag).toString(),
      running: false,
      updatedAt: checkpoint?.updatedAt ?? null,
    });
  }
  return lines;
}

async function status(options: StatusOptions): Promise<number> {
  const maxLag = options.maxLag === undefined ? undefined : parseCount(options.maxLag);
  if (maxLag === null) {
    complain(`--max-lag must be a whole number of events, not '${options.maxLag ?? ''}'.`);
    return exitCodes.invalidInput;
  }
  const model = await loadModelOrReport(options.model);
  if (model === undefined) return exitCodes.invalidInput;
  return withStores(options.store, { mustExist: true }, async (stores) => {
    const lines = await statusLines(factumOver(model, stores), stores);
    printListing(lines, options.json, {
      header: ['projection', 'position', 'head', 'lag', 'running', 'updated'],
      cells: (l) => [
        l.name,
        l.position ?? '-',
        l.head ?? '-',
        l.lag,
        l.running ? 'yes' : 'no',
        l.updatedAt ?? 'never',
      ],
    });
    const lagging = maxLag === undefined ? [] : lines.filter((l) => BigInt(l.lag) > maxLag);
    for (const line of lagging)
      complain(`${line.name} lags ${line.lag} events (more than ${String(maxLag)}).`);
    return lagging.length > 0 ? exitCodes.failed : exitCodes.ok;
  });
}

function parseCount(text: string): bigint | null {
  return /^\d+$/.test(text) ? BigInt(text) : null;
}

/** Whether `name` picks this projection: its full name, its name before `@`, or a view it writes. */
function picks(name: string, projection: { name: string; views: readonly string[] }): boolean {
  const base = projection.name.replace(/@\d+$/, '');
  return (
    name === projection.name ||
    name === base ||
    name === base.replace(/^view:/, '') ||
    projection.views.includes(name)
  );
}

async function rebuild(options: RebuildOptions): Promise<number> {
  const logger = createCliLogger(options.logLevel);
  const model = await loadModelOrReport(options.model);
  if (model === undefined) return exitCodes.invalidInput;
  return withStores(options.store, { mustExist: true }, async (stores) => {
    const refused = await checkLogAgainstModel(model, stores.store, options);
    if (refused !== undefined) return refused;
    const factum = factumOver(model, stores);
    const runners =
      options.view === undefined
        ? factum.projections
        : factum.projections.filter((runner) => picks(options.view ?? '', runner.projection));
    if (runners.length === 0) {
      complain(
        `no projection '${options.view ?? ''}'; the model has: ${factum.projections.map((r) => r.projection.name).join(', ')}.`,
      );
      return exitCodes.invalidInput;
    }
    const total = Number((await headPosition(stores.store)) ?? 0n);
    for (const runner of runners) {
      const name = runner.projection.name;
      const started = performance.now();
      logger.debug({ projection: name, store: stores.description }, 'rebuilding');
      const progress = startProgress({ label: `rebuild ${name}`, total, logger });
      const applied = await runner.rebuild((done) => progress.update(done));
      progress.stop();
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      logger.info({ projection: name, applied, seconds: Number(seconds) }, 'rebuilt');
      process.stdout.write(`rebuilt ${name}: ${applied} events applied in ${seconds} s\n`);
    }
    return exitCodes.ok;
  });
}
