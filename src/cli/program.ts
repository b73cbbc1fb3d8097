/** The `factum` program: every command registered, usage errors thrown instead of exiting. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerExport } from './commands/export.ts';
import { registerImport } from './commands/import.ts';
import { registerInspect } from './commands/inspect.ts';
import { registerModel } from './commands/model.ts';
import { registerInbound } from './commands/inbound.ts';
import { registerParked } from './commands/parked.ts';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerViews } from './commands/views.ts';
import { resolveSharedOptions } from './cli-options.ts';

/** The package's version, from its package.json (two folders up from `src/cli/` and `dist/cli/`). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Builds the `factum` command with all its sub-commands (pure but for commander's own state). */
export function buildProgram(): Command {
  const program = new Command()
    .name('factum')
    .description('Run DEMO business transactions on CQRS and Event Sourcing.')
    .version(packageVersion(), '-V, --version', 'print the version of Factum')
    .option(
      '--config <file>',
      'the configuration file (env FACTUM_CONFIG; default: factum.config.{json,yaml,yml,ts,mts,js,mjs} here)',
    )
    .hook('preAction', (_program, command) => resolveSharedOptions(command))
    .showHelpAfterError()
    // Commander exits 1 on a usage error; here 1 means "checked and found wanting", so take over.
    .exitOverride()
    .addHelpText(
      'after',
      `
Settings: a flag wins over the environment, the environment over the configuration file. Commands
that read a store (views, inspect, export, import, parked, serve) take --store <url> (FACTUM_STORE or
DATABASE_URL; default sqlite:./data/factum.db); those that run the model's views or rules (views,
parked, serve) need --model <path> (FACTUM_MODEL, or "model" in the configuration file), and
inspect takes one for kind names. Logs are structured (pino) on stderr, --log-level or
FACTUM_LOG_LEVEL (LOG_LEVEL); results go to stdout.

Exit codes: 0 ok, 1 what was checked or asked for does not hold or was not found,
2 invalid input (arguments, model, file, settings), 3 store unavailable.`,
    );

  registerServe(program);
  registerSimulate(program);
  registerModel(program);
  registerViews(program);
  registerInspect(program);
  registerExport(program);
  registerImport(program);
  registerParked(program);
  registerInbound(program);
  return program;
}
