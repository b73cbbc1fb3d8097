/** The options several `factum` commands share: where the store is, which model, how much to log. */
import { Option } from 'commander';
import { defaultStoreUrl } from '../app/open-stores.ts';

/** The levels `--log-level` accepts, quietest last. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** A level of the structured log. */
export type LogLevel = (typeof logLevels)[number];

/** Options every store command has. */
export interface StoreCommandOptions {
  readonly store: string;
  readonly logLevel: LogLevel;
}

/** Options of a store command that also runs a model. */
export interface ModelStoreCommandOptions extends StoreCommandOptions {
  readonly model: string;
}

/** `--store <url>`: from the flag, else `$DATABASE_URL`, else the SQLite file under `./data/`. */
export function storeOption(): Option {
  return new Option(
    '--store <url>',
    'the store: sqlite:<file>, postgres://user:pw@host/db?schema=<name>, or memory:',
  )
    .env('DATABASE_URL')
    .default(defaultStoreUrl);
}

/** `--model <path>`: required, from the flag or `$FACTUM_MODEL`; a store holds no model of its own. */
export function modelOption(): Option {
  return new Option('--model <path>', 'the model the store was written with (.ts, .yaml, .json)')
    .env('FACTUM_MODEL')
    .makeOptionMandatory();
}

/** `--log-level <level>`: the structured log on stderr (pino), `info` unless told. */
export function logLevelOption(): Option {
  return new Option('--log-level <level>', 'structured log level on stderr')
    .choices(logLevels)
    .env('FACTUM_LOG_LEVEL')
    .default('info');
}

/** Text for the end of a command's `--help`: the exit codes it uses. */
export function exitCodesHelp(failed: string): string {
  return `\nExit codes: 0 ok, 1 ${failed}, 2 invalid input (arguments, model, file), 3 store unavailable.`;
}
