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
import { formatTable } from '../table.ts';
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
    const rows = await parkedInbound(views);
    if (options.json === true) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (rows.length === 0) process.stdout.write('nothing is parked\n');
    else
      process.stdout.write(
        formatTable(
          ['id', 'type', 'act', 'code', 'parked at', 'reason'],
          rows.map((p: ParkedInbound) => [
            p.id,
            p.type ?? '(not a CloudEvent)',
            p.act ?? '',
            p.code,
            p.parkedAt,
            p.reason,
          ]),
        ),
      );
    return exitCodes.ok;
  });
}

async function retry(id: string | undefined, options: RetryOptions): Promise<number> {
  if ((id === undefined) === (options.all !== true)) {
    complain("name one parked event's id, or --all (not both).");
    return exitCodes.invalidInput;
  }
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
    let failures = 0;
    for (const each of ids) {
      try {
        const outcome = await retryParkedInbound(factum.engine, views, each);
        if (outcome.outcome === 'refused') {
          failures += 1;
          process.stdout.write(
            `retried ${each}: refused again: ${outcome.code}: ${outcome.reason}\n`,
          );
        } else process.stdout.write(`retried ${each}: ${outcome.outcome}\n`);
      } catch (error) {
        failures += 1;
        process.stdout.write(
          `retried ${each}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    }
    if (ids.length === 0) process.stdout.write('nothing to retry\n');
    return failures > 0 ? exitCodes.failed : exitCodes.ok;
  });
}
