/** Reads a scenario file (YAML or JSON); problems come back as values, never thrown. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { ScenarioProblem } from './check-scenario.ts';

/** Reads and parses a scenario file; a missing file or a syntax error is a problem at `(file)`. */
export async function readScenarioFile(
  path: string,
): Promise<{ ok: true; value: unknown } | { ok: false; error: readonly ScenarioProblem[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    return {
      ok: false,
      error: [{ path: '(file)', message: `cannot read scenario '${path}': ${reason}` }],
    };
  }
  try {
    return { ok: true, value: parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      error: [
        {
          path: '(file)',
          message: `'${path}' is not valid YAML/JSON: ${(error as Error).message}`,
        },
      ],
    };
  }
}
