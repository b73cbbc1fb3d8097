import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, packageVersion } from './program.ts';

function leaves(command: Command, path: string[] = []): [string, Command][] {
  const here: [string, Command][] = [[[...path, command.name()].join(' '), command]];
  return [...here, ...command.commands.flatMap((sub) => leaves(sub, [...path, command.name()]))];
}

describe('the factum program', () => {
  it('has help on every command, and every command that does work states its exit codes', () => {
    const all = leaves(buildProgram());
    expect(all.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'factum model check',
        'factum model diagram',
        'factum views status',
        'factum views rebuild',
        'factum inspect',
        'factum export',
        'factum import',
        'factum parked list',
        'factum parked retry',
      ]),
    );
    for (const [name, command] of all) {
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text) });
      command.outputHelp();
      expect(help, name).toMatch(/^Usage: /);
      // `serve` is the lead's: it runs until stopped, so it has no outcome codes to list.
      if (command.commands.length === 0 && name !== 'factum serve')
        expect(help, name).toMatch(/Exit codes: 0 /);
      expect(command.description(), name).not.toBe('');
    }
  });

  it('prints the package version with --version and exits 0', async () => {
    let out = '';
    const program = buildProgram().configureOutput({ writeOut: (text) => (out += text) });
    await expect(program.parseAsync(['node', 'factum', '--version'])).rejects.toMatchObject({
      code: 'commander.version',
      exitCode: 0,
    });
    expect(out).toBe(`${packageVersion()}\n`);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('turns usage errors into thrown errors rather than exiting, so main can exit 2', async () => {
    const program = buildProgram().configureOutput({ writeErr: () => undefined });
    await expect(program.parseAsync(['node', 'factum', 'frobnicate'])).rejects.toMatchObject({
      code: 'commander.unknownCommand',
    });
  });
});
