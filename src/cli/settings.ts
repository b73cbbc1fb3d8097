/**
 * One scheme for every setting of the `factum` command: a flag wins over the environment, the
 * environment over the configuration file, the file over the default. Environment variables are
 * `FACTUM_*`; `DATABASE_URL`, `PORT`, `HOST` and `LOG_LEVEL` are kept as the usual aliases.
 */
import type { Command } from 'commander';
import { ConfigFileError, loadConfig, type LoadedConfig } from '../app/config-file.ts';

/** The environment variables of each setting, the `FACTUM_*` name first. */
export const settingEnv = {
  config: ['FACTUM_CONFIG'],
  model: ['FACTUM_MODEL'],
  store: ['FACTUM_STORE', 'DATABASE_URL'],
  port: ['FACTUM_PORT', 'PORT'],
  host: ['FACTUM_HOST', 'HOST'],
  dataDir: ['FACTUM_DATA_DIR'],
  auth: ['FACTUM_AUTH'],
  logLevel: ['FACTUM_LOG_LEVEL', 'LOG_LEVEL'],
  demoData: ['FACTUM_DEMO_DATA'],
  rules: ['FACTUM_RULES'],
  allowDemoOnNetwork: ['FACTUM_ALLOW_DEMO_ON_NETWORK'],
  tokenSecret: ['FACTUM_TOKEN_SECRET'],
  publicKey: ['FACTUM_PUBLIC_KEY'],
  metrics: ['FACTUM_METRICS'],
  metricsPath: ['FACTUM_METRICS_PATH'],
  metricsPort: ['FACTUM_METRICS_PORT'],
  metricsToken: ['FACTUM_METRICS_TOKEN'],
  nats: ['FACTUM_NATS_URL'],
  natsStream: ['FACTUM_NATS_STREAM'],
  natsSubjectPrefix: ['FACTUM_NATS_SUBJECT_PREFIX'],
  natsInbound: ['FACTUM_NATS_INBOUND'],
  natsInboundStream: ['FACTUM_NATS_INBOUND_STREAM'],
  leaseTtl: ['FACTUM_LEASE_TTL_MS'],
} as const;

/** A setting's name. */
export type SettingName = keyof typeof settingEnv;

/** A setting given a value that does not parse; the message names where it came from. */
export class SettingError extends Error {
  override readonly name = 'SettingError';
  readonly code = 'InvalidSetting';
}

/** "(env FACTUM_PORT or PORT)" for a help text (pure). */
export function envHelp(name: SettingName): string {
  return `env ${settingEnv[name].join(' or ')}`;
}

/** The first of a setting's environment variables that is set and not empty (pure over `env`). */
export function fromEnvironment(
  name: SettingName,
  env: NodeJS.ProcessEnv = process.env,
): { readonly variable: string; readonly text: string } | undefined {
  for (const variable of settingEnv[name]) {
    const text = env[variable];
    if (text !== undefined && text !== '') return { variable, text };
  }
  return undefined;
}

/** Parses a port number (pure); `where` names the flag or variable for the message. */
export function parsePort(text: string, where: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65_535)
    throw new SettingError(`${where}: '${text}' is not a port number (0–65535).`);
  return port;
}

/** Parses a duration in whole milliseconds of at least `min` (pure). */
export function parseMilliseconds(min: number): (text: string, where: string) => number {
  return (text, where) => {
    const ms = Number(text);
    if (!/^\d+$/.test(text.trim()) || ms < min)
      throw new SettingError(
        `${where}: '${text}' is not a number of milliseconds (at least ${min}).`,
      );
    return ms;
  };
}

/** Parses a yes/no setting: true/false, 1/0, yes/no, on/off (pure). */
export function parseSwitch(text: string, where: string): boolean {
  const value = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new SettingError(`${where}: '${text}' is neither true nor false.`);
}

/** Parses one of a closed set of words (pure). */
export function parseChoice<Choice extends string>(
  choices: readonly Choice[],
): (text: string, where: string) => Choice {
  return (text, where) => {
    if ((choices as readonly string[]).includes(text)) return text as Choice;
    throw new SettingError(`${where}: '${text}' is not one of ${choices.join(', ')}.`);
  };
}

/** Where a setting's value came from. */
export type SettingSource = 'flag' | 'env' | 'file' | 'default';

/**
 * Resolves a setting: the flag when given on the command line, else its environment variables,
 * else the configuration file, else the fallback (pure over its inputs; throws SettingError).
 */
export function resolveSetting<T>(input: {
  readonly name: SettingName;
  readonly flag: { readonly given: boolean; readonly value: unknown; readonly label: string };
  readonly parse: (text: string, where: string) => T;
  readonly file: T | undefined;
  readonly fallback: T;
  readonly env?: NodeJS.ProcessEnv;
}): { readonly value: T; readonly source: SettingSource } {
  if (input.flag.given) {
    const value = input.flag.value;
    return {
      value: typeof value === 'string' ? input.parse(value, input.flag.label) : (value as T),
      source: 'flag',
    };
  }
  const env = fromEnvironment(input.name, input.env);
  if (env !== undefined) return { value: input.parse(env.text, env.variable), source: 'env' };
  if (input.file !== undefined) return { value: input.file, source: 'file' };
  return { value: input.fallback, source: 'default' };
}

const loaded = new WeakMap<Command, Promise<LoadedConfig>>();

/** The configuration for a command: from `--config`, `FACTUM_CONFIG` or `factum.config.*` (read once). */
export function configOf(command: Command): Promise<LoadedConfig> {
  let root = command;
  while (root.parent !== null) root = root.parent;
  const existing = loaded.get(root);
  if (existing !== undefined) return existing;
  const named =
    root.opts<{ config?: string }>().config ?? fromEnvironment('config')?.text ?? undefined;
  const loading = loadConfig(named);
  loaded.set(root, loading);
  return loading;
}

export { ConfigFileError };
