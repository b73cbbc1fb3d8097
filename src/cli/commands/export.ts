/** `factum export [-o file]`: the whole log as NDJSON, streamed in batches with bounded memory. */
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import {
  exitCodesHelp,
  logLevelOption,
  storeOption,
  type StoreCommandOptions,
} from '../cli-options.ts';
import { exitCodes } from '../exit-codes.ts';
import { headPosition } from '../../engine/views/projection-runner.ts';
import { toLogLine } from '../log-lines.ts';
import { createCliLogger } from '../logger.ts';
import { startProgress } from '../progress.ts';
import { complain, withStores } from '../with-stores.ts';

interface ExportOptions extends StoreCommandOptions {
  readonly output?: string;
  readonly batchSize: string;
}

/** Registers `export`. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the whole log as NDJSON: one recorded event per line, in log order')
    .addOption(storeOption())
    .addOption(logLevelOption())
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--batch-size <events>', 'events read per round trip (bounds memory)', '500')
    .addHelpText(
      'after',
      `${exitCodesHelp('(not used)')}

Each line: {"id","streamId","version","position","type","data","metadata","recordedAt"} with the
position as a decimal string; the first event of a stream also carries "streamMetadata" (kind, parent).
'factum import' reads this format back.`,
    )
    .action(async (options: ExportOptions) => {
      process.exitCode = await exportLog(options);
    });
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function exportLog(options: ExportOptions): Promise<number> {
  const batchSize = Number(options.batchSize);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    complain(`--batch-size must be a positive whole number, not '${options.batchSize}'.`);
    return exitCodes.invalidInput;
  }
  const logger = createCliLogger(options.logLevel);
  return withStores(options.store, { mustExist: true }, async ({ store, description }) => {
    let out: Writable = process.stdout;
    if (options.output !== undefined) {
      try {
        out = (await open(options.output, 'w')).createWriteStream();
      } catch (error) {
        complain(
          `cannot write '${options.output}': ${error instanceof Error ? error.message : String(error)}`,
        );
        return exitCodes.invalidInput;
      }
    }
    const progress = startProgress({
      label: 'export',
      total: Number((await headPosition(store)) ?? 0n),
      logger,
    });
    let count = 0;
    for await (const event of store.readAll({ batchSize })) {
      const streamMetadata =
        event.version === 1 ? (await store.stream(event.streamId))?.metadata : undefined;
      await write(out, `${toLogLine(event, streamMetadata)}\n`);
      count += 1;
      if (count % batchSize === 0) progress.update(count);
    }
    progress.update(count);
    progress.stop();
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
    logger.info(
      { events: count, store: description, output: options.output ?? 'stdout' },
      'exported',
    );
    process.stderr.write(
      `exported ${count} events${options.output === undefined ? '' : ` to ${options.output}`}\n`,
    );
    return exitCodes.ok;
  });
}
