/** Runs a benchmark script in a child Node process (tsx loaded) and returns its last stdout line. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where the children run. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `node [--import tsx] script args…` and resolves with the last line it printed (impure). */
export function runChild(
  script: string,
  args: readonly string[],
  options: { readonly tsx?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(options.tsx === false ? [] : ['--import', 'tsx']), script, ...args],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last !== '') resolve(last);
      else reject(new Error(`${script} exited ${String(code)}: ${err.trim().slice(-500)}`));
    });
  });
}
