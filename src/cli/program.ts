/** The `factum` program: every command registered, usage errors thrown instead of exiting. */
import { Command } from 'commander';
import { registerExport } from './commands/export.ts';
import { registerImport } from './commands/import.ts';
import { registerInspect } from './commands/inspect.ts';
import { registerModel } from './commands/model.ts';
import { registerParked } from './commands/parked.ts';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerViews } from './commands/views.ts';

/** Builds the `factum` command with all its sub-commands (pure but for commander's own state). */
export function buildProgram(): Command {
  const program = new Command()
    .name('factum')
    .description('Run DEMO business transactions on CQRS and Event Sourcing.')
    .showHelpAfterError()
    // Commander exits 1 on a usage error; here 1 means "checked and found wanting", so take over.
    .exitOverride()
    .addHelpText(
      'after',
      `
Store commands take --store <url> (default: $DATABASE_URL, else sqlite:./data/factum.db) and,
where the model matters, --model <path> (default: $FACTUM_MODEL; required, since a store does not
hold its model). Logs are structured (pino) on stderr; results go to stdout.

Exit codes: 0 ok, 1 what was checked or asked for does not hold or was not found,
2 invalid input (arguments, model, file), 3 store unavailable.`,
    );

  registerServe(program);
  registerSimulate(program);
  registerModel(program);
  registerViews(program);
  registerInspect(program);
  registerExport(program);
  registerImport(program);
  registerParked(program);
  return program;
}
