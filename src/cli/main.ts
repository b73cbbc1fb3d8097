#!/usr/bin/env node
/** The `factum` command line: one sub-command per job, `--help` everywhere, meaningful exit codes. */
import { CommanderError } from 'commander';
import { StoreUnavailableError } from '../engine/ports/store-errors.ts';
import { exitCodes } from './exit-codes.ts';
import { buildProgram } from './program.ts';
import { ConfigFileError, SettingError } from './settings.ts';

// Output piped into a reader that stops early (`factum --help | head`): stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version end with exit code 0; every other usage error is invalid input.
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.invalidInput;
  } else if (error instanceof SettingError || error instanceof ConfigFileError) {
    process.stderr.write(`factum: ${error.message}\n`);
    process.exitCode = exitCodes.invalidInput;
  } else if (error instanceof StoreUnavailableError) {
    process.stderr.write(`factum: store unavailable: ${error.message}\n`);
    process.exitCode = exitCodes.unavailable;
  } else {
    process.stderr.write(
      `factum: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = exitCodes.unavailable;
  }
}
