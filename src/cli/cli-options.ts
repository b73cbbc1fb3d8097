/**
 * The options several `factum` commands share — where the store is, which model, how much to log —
 * and the hook that fills them in from the environment and the configuration file when no flag
 * gives them (see `settings.ts` for the precedence).
 */
import { Option, type Command } from 'commander';
import { defaultStoreUrl } from '../app/open-stores.ts';
import { configOf, envHelp, parseChoice, resolveSetting } from './settings.ts';

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

const requiredModels = new WeakSet<Option>();

/** `--store <url>`: from the flag, the environment, the configuration file, else the SQLite file. */
export function storeOption(): Option {
  return new Option(
    '--store <url>',
    `the store: sqlite:<file>, postgres://user:pw@host/db?schema=<name>, or memory: (${envHelp('store')}; default ${defaultStoreUrl})`,
  );
}

/** `--model <path>`: from the flag, `FACTUM_MODEL` or the configuration file; required unless `optional`. */
export function modelOption(
  description = 'the model the store was written with (.ts, .yaml, .json)',
  optional = false,
): Option {
  const option = new Option('--model <path>', `${description} (${envHelp('model')})`);
  if (!optional) requiredModels.add(option);
  return option;
}

/** `--log-level <level>`: the structured log on stderr (pino), `info` unless told. */
export function logLevelOption(): Option {
  return new Option(
    '--log-level <level>',
    `structured log level on stderr (${envHelp('logLevel')}; default info)`,
  ).choices(logLevels);
}

/** Adds `--model`, `--store` and `--log-level`: what every command over a model's store takes. */
export function withModelAndStore(command: Command): Command {
  return command.addOption(modelOption()).addOption(storeOption()).addOption(logLevelOption());
}

/** Text for the end of a command's `--help`: the exit codes it uses. */
export function exitCodesHelp(failed: string): string {
  return `\nExit codes: 0 ok, 1 ${failed}, 2 invalid input (arguments, model, file), 3 store unavailable.`;
}

/**
 * Fills in `--store`, `--model` and `--log-level` of the command about to run from the environment
 * and the configuration file when no flag gave them; a required model that is nowhere is a usage
 * error (exit 2). Run as commander's `preAction` hook.
 */
export async function resolveSharedOptions(command: Command): Promise<void> {
  const has = (name: string): Option | undefined =>
    command.options.find((option) => option.attributeName() === name);
  const storeOpt = has('store');
  const modelOpt = has('model');
  const levelOpt = has('logLevel');
  if (storeOpt === undefined && modelOpt === undefined && levelOpt === undefined) return;
  const { config } = await configOf(command);
  const flag = (name: string, label: string) => ({
    given: command.getOptionValueSource(name) === 'cli',
    value: command.getOptionValue(name) as unknown,
    label,
  });
  const set = (name: string, value: unknown, source: string): void => {
    command.setOptionValueWithSource(
      name,
      value,
      source === 'flag'
        ? 'cli'
        : source === 'file'
          ? 'config'
          : source === 'env'
            ? 'env'
            : 'default',
    );
  };
  const text = (value: string): string => value;
  if (storeOpt !== undefined) {
    const { value, source } = resolveSetting({
      name: 'store',
      flag: flag('store', '--store'),
      parse: text,
      file: config.store,
      fallback: defaultStoreUrl,
    });
    set('store', value, source);
  }
  if (levelOpt !== undefined) {
    const { value, source } = resolveSetting<LogLevel>({
      name: 'logLevel',
      flag: flag('logLevel', '--log-level'),
      parse: parseChoice(logLevels),
      file: config.logLevel,
      fallback: 'info',
    });
    set('logLevel', value, source);
  }
  if (modelOpt !== undefined) {
    const { value, source } = resolveSetting<string | undefined>({
      name: 'model',
      flag: flag('model', '--model'),
      parse: text,
      file: config.model,
      fallback: undefined,
    });
    if (value === undefined && requiredModels.has(modelOpt))
      command.error(
        'factum: no model: pass --model <path>, set FACTUM_MODEL, or name it as "model" in factum.config.json (or .yaml, .ts).',
        { exitCode: 2, code: 'factum.noModel' },
      );
    if (value !== undefined) set('model', value, source);
  }
}
