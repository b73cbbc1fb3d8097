/**
 * The configuration file, `factum.config.{json,yaml,yml,ts,mts,js,mjs}` in the working directory (or
 * the file `--config` / `FACTUM_CONFIG` names): everything `factum serve` takes, and the model and
 * store the other commands use. Flags win over the environment, the environment over the file.
 */
import { access, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { importModule } from '../model/import-module.ts';

const logLevel = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);
const port = z.number().int().min(0).max(65_535);

/** The schema of a configuration file; every key optional, unknown keys refused. */
export const factumConfigSchema = z
  .object({
    model: z.string().min(1).describe('the model file (.ts, .yaml, .json)'),
    store: z.string().min(1).describe('sqlite:<file>, postgres://… or memory:'),
    port,
    host: z.string().min(1),
    dataDir: z.string().min(1).describe('where the demo token secret is kept'),
    auth: z.enum(['demo', 'jwt']),
    logLevel,
    demoData: z.boolean().describe("load the model's demo data on start"),
    rules: z.boolean().describe("let the model's action rules act (off: every act by hand)"),
    allowDemoOnNetwork: z.boolean().describe('let demo sign-in listen beyond loopback'),
    tokenSecret: z.string().min(32).describe('HS256 secret (better kept in the environment)'),
    publicKey: z.string().min(1).describe('PEM public key for tokens signed elsewhere'),
    metrics: z
      .object({
        enabled: z.boolean(),
        path: z.string().regex(/^\/\S*$/, 'a path starting with /'),
        port,
        token: z.string().min(16),
      })
      .partial()
      .strict(),
    nats: z
      .object({
        url: z.string().min(1).describe('nats://host:port (comma-separated for a cluster)'),
        stream: z.string().min(1).describe('the JetStream stream of the facts'),
        subjectPrefix: z
          .string()
          .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'dot-separated subject tokens')
          .describe('facts go to <prefix>.<model>.<kind>.<fact>'),
        inbound: z
          .array(z.string().min(1))
          .describe("the subjects of other systems' CloudEvents the model's inbound mappings take"),
        inboundStream: z.string().min(1).describe('the JetStream stream of those events'),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

/** What a configuration file says. */
export type FactumConfig = z.infer<typeof factumConfigSchema>;

/** The file names looked for in the working directory, in this order. */
export const configFileNames = [
  'factum.config.json',
  'factum.config.yaml',
  'factum.config.yml',
  'factum.config.ts',
  'factum.config.mts',
  'factum.config.js',
  'factum.config.mjs',
] as const;

/** A configuration file that cannot be read or is malformed; the message names the file and why. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
  readonly code = 'InvalidConfigFile';
}

/** A configuration as read: its settings and the file they came from (none: no file). */
export interface LoadedConfig {
  readonly config: FactumConfig;
  readonly file: string | undefined;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function contentsOf(path: string): Promise<unknown> {
  const extension = extname(path).toLowerCase();
  if (['.ts', '.mts', '.js', '.mjs'].includes(extension)) {
    const exports = await importModule(path);
    return exports.default ?? exports.config;
  }
  const text = await readFile(path, 'utf8');
  return extension === '.json' ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
}

/** Checks a configuration's contents (pure): the settings, or every problem at its key. */
export function parseConfig(contents: unknown, file: string): FactumConfig {
  const parsed = factumConfigSchema.safeParse(contents ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join('.') || '(file)'}: ${issue.message}`,
  );
  throw new ConfigFileError(`${file}: the configuration has problems:\n${problems.join('\n')}`);
}

/**
 * Reads the configuration: the file named (it must exist), else the first `factum.config.*` in the
 * directory, else none (impure; throws ConfigFileError).
 */
export async function loadConfig(
  named: string | undefined,
  cwd = process.cwd(),
): Promise<LoadedConfig> {
  let file: string | undefined;
  if (named !== undefined && named !== '') {
    file = resolve(cwd, named);
    if (!(await exists(file))) throw new ConfigFileError(`${named}: no such configuration file.`);
  } else {
    for (const name of configFileNames) {
      if (await exists(resolve(cwd, name))) {
        file = resolve(cwd, name);
        break;
      }
    }
  }
  if (file === undefined) return { config: {}, file: undefined };
  let contents: unknown;
  try {
    contents = await contentsOf(file);
  } catch (error) {
    throw new ConfigFileError(
      `${file}: cannot read the configuration: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { config: parseConfig(contents, file), file };
}
