/** `factum inbound list` and `factum inbound retry <id|--all>`: other systems' events the model could not take. */
import type { Command } from 'commander';
import { createFactum } from '../../engine/factum.ts';
import {
  parkedInbound,
  retryParkedInbound,
  type ParkedInbound,
} from '../../integrations/nats/nats-inbox.ts';
import { exitCodesHelp, withModelAndStore, type ModelStoreCommandOptions } from '../cli-options.ts';
import { exitCodes } from '../exit-codes.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';
import { oneOrAll, retryEach } from '../retry-parked.ts';
import { printListing } from '../table.ts';
import { complain, withStores } from '../with-stores.ts';

interface ListOptions extends ModelStoreCommandOptions {
  readonly json?: boolean;
}

interface RetryOptions extends ModelStoreCommandOptions {
  readonly all?: boolean;
}

/** Registers `inbound list` and `inbound retry`. */
export function registerInbound(program: Command): void {
  const inbound = program
    .command('inbound')
    .description("events from other systems that the model's inbound mappings parked: list, retry");
  withModelAndStore(
    inbound
      .command('list')
      .description('the parked inbound events: id, type, the act refused and why'),
  )
    .option('--json', 'print one JSON array')
    .addHelpText('after', exitCodesHelp('(not used)'))
    .action(async (options: ListOptions) => {
      process.exitCode = await list(options);
    });
  withModelAndStore(
    inbound
      .command('retry')
      .description(
        'receive parked events again: what is still due is performed; each received leaves the list',
      )
      .argument('[id]', "the parked event's id (see 'inbound list')")
      .option('--all', 'retry every parked event'),
  )
    .addHelpText('after', exitCodesHelp('an id is not parked, or an event was refused again'))
    .action(async (id: string | undefined, options: RetryOptions) => {
      process.exitCode = await retry(id, options);
    });
}

async function list(options: ListOptions): Promise<number> {
  return withStores(options.store, { mustExist: true }, async ({ views }) => {
    printListing(await parkedInbound(views), options.json, {
      header: ['id', 'type', 'act', 'code', 'parked at', 'reason'],
      cells: (p: ParkedInbound) => [
        p.id,
        p.type ?? '(not a CloudEvent)',
        p.act ?? '',
        p.code,
        p.parkedAt,
        p.reason,
      ],
      empty: 'nothing is parked',
    });
    return exitCodes.ok;
  });
}

async function retry(id: string | undefined, options: RetryOptions): Promise<number> {
  if (!oneOrAll(id, options.all, "parked event's id")) return exitCodes.invalidInput;
  const model = await loadModelOrReport(options.model);
  if (model === undefined) return exitCodes.invalidInput;
  return withStores(options.store, { mustExist: true }, async ({ store, views }) => {
    const parked = await parkedInbound(views);
    if (id !== undefined && !parked.some((p) => p.id === id)) {
      complain(`no parked inbound event '${id}'.`);
      return exitCodes.failed;
    }
    const factum = createFactum({ model, store, views, agents: false });
    const ids = id === undefined ? parked.filter((p) => p.event !== null).map((p) => p.id) : [id];
    return retryEach(ids, 'nothing to retry', async (each) => {
      try {
        const outcome = await retryParkedInbound(factum.engine, views, each);
        return outcome.outcome === 'refused'
          ? { failed: true, said: `refused again: ${outcome.code}: ${outcome.reason}` }
          : { failed: false, said: outcome.outcome };
      } catch (error) {
        return { failed: true, said: error instanceof Error ? error.message : String(error) };
      }
    });
  });
}
