/** `factum parked list` and `factum parked retry <key|--all>`: rule runs the agent gave up on, for operators. */
import type { Command } from 'commander';
import { createFactum } from '../../engine/factum.ts';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import type { AgentRunner, ParkedRule } from '../../engine/agents/agent-runner.ts';
import { exitCodesHelp, withModelAndStore, type ModelStoreCommandOptions } from '../cli-options.ts';
import { exitCodes } from '../exit-codes.ts';
import {
  allowUnknownFactsOption,
  checkLogAgainstModel,
  type CheckLogOptions,
} from '../check-log.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';
import { createCliLogger } from '../logger.ts';
import { oneOrAll, retryEach } from '../retry-parked.ts';
import { printListing } from '../table.ts';
import { complain, withStores } from '../with-stores.ts';

interface ListOptions extends ModelStoreCommandOptions, CheckLogOptions {
  readonly json?: boolean;
}

interface RetryOptions extends ModelStoreCommandOptions, CheckLogOptions {
  readonly all?: boolean;
}

/** Registers `parked list` and `parked retry`. */
export function registerParked(program: Command): void {
  const parked = program
    .command('parked')
    .description('action-rule runs that failed every attempt: list them, run them again');
  withModelAndStore(
    parked.command('list').description('the parked rule runs: key, rule, fact, attempts, error'),
  )
    .option('--json', 'print one JSON array')
    .addHelpText('after', exitCodesHelp('(not used)'))
    .addOption(allowUnknownFactsOption())
    .action(async (options: ListOptions) => {
      process.exitCode = await list(options);
    });
  withModelAndStore(
    parked
      .command('retry')
      .description('run parked rules again; each that succeeds leaves the list')
      .argument('[key]', "the parked run's key (see 'parked list')")
      .option('--all', 'retry every parked run'),
  )
    .addOption(allowUnknownFactsOption())
    .addHelpText('after', exitCodesHelp('a key is not parked, or a retried rule failed again'))
    .action(async (key: string | undefined, options: RetryOptions) => {
      process.exitCode = await retry(key, options);
    });
}

/** Runs `use` with the model's agent over the store (not started: no rule runs on its own). */
async function withAgent(
  options: ModelStoreCommandOptions & CheckLogOptions,
  use: (agent: AgentRunner | undefined) => Promise<number>,
): Promise<number> {
  const model = await loadModelOrReport(options.model);
  if (model === undefined) return exitCodes.invalidInput;
  return withStores(options.store, { mustExist: true }, async ({ store, views }) => {
    const refused = await checkLogAgainstModel(model, store, options);
    if (refused !== undefined) return refused;
    const factum = createFactum({ model, store, views, agentOptions: { attempts: 1 } });
    return use(factum.agent);
  });
}

function describeFact(parked: ParkedRule): string {
  return `${parked.fact.type} on ${parked.fact.transactionId}`;
}

async function list(options: ListOptions): Promise<number> {
  return withAgent(options, async (agent) => {
    printListing(agent === undefined ? [] : await agent.parked(), options.json, {
      header: ['key', 'rule', 'fact', 'attempts', 'parked at', 'error'],
      cells: (p) => [p.key, p.rule, describeFact(p), String(p.attempts), p.parkedAt, p.error],
      empty: 'nothing is parked',
    });
    return exitCodes.ok;
  });
}

async function retry(key: string | undefined, options: RetryOptions): Promise<number> {
  if (!oneOrAll(key, options.all, "parked run's key")) return exitCodes.invalidInput;
  const logger = createCliLogger(options.logLevel);
  return withAgent(options, async (agent) => {
    const parked = agent === undefined ? [] : await agent.parked();
    const keys = key === undefined ? parked.map((p) => p.key) : [key];
    if (key !== undefined && !parked.some((p) => p.key === key)) {
      complain(`no parked rule run '${key}'.`);
      return exitCodes.failed;
    }
    return retryEach(keys, 'nothing is parked', async (each) => {
      try {
        await agent?.retryParked(each);
        logger.info({ key: each }, 'retried');
        return { failed: false, said: 'done' };
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn({ key: each, error: reason }, 'retry failed');
        return { failed: true, said: `failed again: ${reason}` };
      }
    });
  });
}
