/**
 * `factum import <file>`: appends an exported log (NDJSON) to a store, keeping event ids, stream ids,
 * versions and stream metadata, in the file's order. The file is checked in full before anything is
 * written; a non-empty target is refused unless `--append`, and with `--append` events already there
 * (same stream, version and id) are skipped, so a repeated import is idempotent.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { EventStore, StreamAppend } from '../../engine/ports/event-store.ts';
import { ConcurrencyError, DuplicateEventError } from '../../engine/ports/store-errors.ts';
import {
  exitCodesHelp,
  logLevelOption,
  storeOption,
  type StoreCommandOptions,
} from '../cli-options.ts';
import { exitCodes } from '../exit-codes.ts';
import { parseLogLine, type LogLine } from '../log-lines.ts';
import { createCliLogger } from '../logger.ts';
import { startProgress } from '../progress.ts';
import { complain, withStores } from '../with-stores.ts';

interface ImportOptions extends StoreCommandOptions {
  readonly append?: boolean;
  readonly batchSize: string;
}

/** Registers `import`. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('append an exported log (NDJSON from factum export) to an empty store')
    .argument('<file>', 'the NDJSON file')
    .addOption(storeOption())
    .addOption(logLevelOption())
    .option(
      '--append',
      'import into a store that already has events; events already there are skipped',
    )
    .option('--batch-size <events>', 'events appended per transaction', '500')
    .addHelpText(
      'after',
      `${exitCodesHelp('the target is not empty (without --append), or the file conflicts with it')}

Kept: event ids, stream ids, versions, types, data, metadata, stream metadata, and the order of the
file. Assigned anew by the target: positions (in the same order) and recordedAt (the import's time).
The file is checked in full first; nothing is written when a line is malformed. Idempotency keys of
the original appends are not carried over (the engine finds repeated acts by their act ids).`,
    )
    .action(async (file: string, options: ImportOptions) => {
      process.exitCode = await importLog(file, options);
    });
}

function lines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
}

/**
 * Checks every line and each stream's versions (1, 2, 3, …); returns the number of events or the
 * problems. Memory grows with the number of streams, not of events; a repeated event id is left to
 * the store, which refuses it.
 */
async function checkFile(file: string): Promise<number | string[]> {
  const problems: string[] = [];
  const versions = new Map<string, number>();
  let number = 0;
  let count = 0;
  for await (const text of lines(file)) {
    number += 1;
    if (text.trim() === '') continue;
    const line = parseLogLine(text);
    if (typeof line === 'string') {
      problems.push(`${file}:${number}: ${line}`);
    } else {
      count += 1;
      const previous = versions.get(line.streamId) ?? 0;
      if (line.version !== previous + 1)
        problems.push(
          `${file}:${number}: stream '${line.streamId}' goes from version ${previous} to ${line.version}`,
        );
      versions.set(line.streamId, line.version);
    }
    if (problems.length >= 20) break;
  }
  return problems.length > 0 ? problems : count;
}

/** Where a stream stands in the target before the import, for `--append`. */
class TargetStreams {
  readonly #versions = new Map<string, number>();
  constructor(private readonly store: EventStore) {}

  /** Whether the target already holds this very event; throws a conflict when it holds another there. */
  async holds(line: LogLine): Promise<boolean> {
    let version = this.#versions.get(line.streamId);
    if (version === undefined) {
      version = (await this.store.stream(line.streamId))?.version ?? 0;
      this.#versions.set(line.streamId, version);
    }
    if (line.version > version) return false;
    const [there] = await this.store.readStream(line.streamId, {
      fromVersion: line.version,
      maxCount: 1,
    });
    if (there?.id === line.id) return true;
    throw new ConcurrencyError(line.streamId, line.version - 1, version);
  }
}

/** Groups events into an atomic append: consecutive events of a stream in one part, log order kept. */
class Batch {
  parts: { streamId: string; first: LogLine; events: LogLine[] }[] = [];
  size = 0;

  add(line: LogLine): boolean {
    const last = this.parts.at(-1);
    if (last?.streamId === line.streamId) last.events.push(line);
    else if (this.parts.some((part) => part.streamId === line.streamId)) return false;
    else this.parts.push({ streamId: line.streamId, first: line, events: [line] });
    this.size += 1;
    return true;
  }

  appends(): StreamAppend[] {
    return this.parts.map(({ streamId, first, events }) => ({
      streamId,
      expectedVersion: first.version === 1 ? 'no_stream' : first.version - 1,
      events: events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
      ...(first.version === 1 && first.streamMetadata !== undefined
        ? { metadata: first.streamMetadata }
        : {}),
    }));
  }
}

async function importLog(file: string, options: ImportOptions): Promise<number> {
  const batchSize = Number(options.batchSize);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    complain(`--batch-size must be a positive whole number, not '${options.batchSize}'.`);
    return exitCodes.invalidInput;
  }
  try {
    await access(file);
  } catch {
    complain(`cannot read '${file}': no such file.`);
    return exitCodes.invalidInput;
  }
  const checked = await checkFile(file);
  if (typeof checked !== 'number') {
    for (const problem of checked) process.stderr.write(`${problem}\n`);
    complain('nothing was imported.');
    return exitCodes.invalidInput;
  }
  const logger = createCliLogger(options.logLevel);
  return withStores(options.store, {}, async ({ store, description }) => {
    if (options.append !== true && (await store.head()) !== undefined) {
      complain(`the store ${description} is not empty; use --append to import into it anyway.`);
      return exitCodes.failed;
    }
    const target = options.append === true ? new TargetStreams(store) : undefined;
    const progress = startProgress({ label: 'import', total: checked, logger });
    let batch = new Batch();
    let appended = 0;
    let skipped = 0;
    const flush = async (): Promise<void> => {
      if (batch.size === 0) return;
      await store.append(batch.appends());
      appended += batch.size;
      batch = new Batch();
      progress.update(appended + skipped);
    };
    try {
      for await (const text of lines(file)) {
        if (text.trim() === '') continue;
        const line = parseLogLine(text) as LogLine;
        if (target !== undefined && (await target.holds(line))) {
          skipped += 1;
          continue;
        }
        if (!batch.add(line)) {
          await flush();
          batch.add(line);
        }
        if (batch.size >= batchSize) await flush();
      }
      await flush();
    } catch (error) {
      progress.stop();
      if (error instanceof ConcurrencyError || error instanceof DuplicateEventError) {
        complain(
          `the file conflicts with the store: ${error.message} ${appended} events were imported before.`,
        );
        return exitCodes.failed;
      }
      throw error;
    }
    progress.stop();
    logger.info({ appended, skipped, store: description }, 'imported');
    process.stdout.write(
      `imported ${appended} events${skipped === 0 ? '' : `, skipped ${skipped} already there`}\n`,
    );
    return exitCodes.ok;
  });
}
