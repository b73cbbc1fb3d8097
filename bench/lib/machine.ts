/** Describes the machine a run happens on: kernel, CPU model and count, memory, Node version. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine, as lines for the results file (impure: reads /proc and runs `uname -a`). */
export function describeMachine(): readonly string[] {
  let uname = 'unknown';
  try {
    uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
  } catch {
    // uname is missing on some systems; the rest still describes the machine.
  }
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1] !== undefined) cpuModel = match[1].trim();
  } catch {
    // Not Linux: os.cpus() gave the model already.
  }
  return [
    `uname -a: ${uname}`,
    `CPU: ${cpuModel} × ${cpus().length}`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node: ${process.version}`,
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  ];
}
