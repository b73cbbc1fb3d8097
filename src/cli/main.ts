/** The `factum` command line: one sub-command per job, `--help` everywhere, meaningful exit codes. */
import { Command } from 'commander';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';

const program = new Command()
  .name('factum')
  .description('Run DEMO business transactions on CQRS and Event Sourcing.')
  .showHelpAfterError();

registerServe(program);
registerSimulate(program);

await program.parseAsync(process.argv);
