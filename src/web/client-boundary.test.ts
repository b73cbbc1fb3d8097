import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const client = fileURLToPath(new URL('./client', import.meta.url));
const protocol = fileURLToPath(new URL('../protocol', import.meta.url));

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Every module a folder's files import that is not allowed, as `file: specifier`. */
async function importsOutside(
  dir: string,
  allowed: (specifier: string, target: string) => boolean,
): Promise<string[]> {
  const offending: string[] = [];
  for (const file of await files(dir)) {
    const source = await readFile(file, 'utf8');
    // Import and export statements only (not words in code or comments).
    for (const match of source.matchAll(
      /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm,
    )) {
      const specifier = match[1] ?? match[2] ?? '';
      if (!allowed(specifier, join(file, '..', specifier)))
        offending.push(`${relative(dir, file)}: ${specifier}`);
    }
  }
  return offending;
}

const within = (folder: string, target: string): boolean =>
  !relative(folder, target).startsWith('..');

describe('the browser client', () => {
  it('imports only preact, the protocol and its own files (tests aside): it knows the server through HTTP alone', async () => {
    const offending = await importsOutside(
      client,
      (specifier, target) =>
        (specifier.startsWith('.') && (within(client, target) || within(protocol, target))) ||
        specifier === 'preact' ||
        specifier.startsWith('preact/') ||
        // `factum:model-dashboard` is the model's own screens, bundled in by the server at start.
        specifier === 'factum:model-dashboard',
    );
    expect(offending).toEqual([]);
  });

  it('shares with the server only the protocol, which imports nothing outside itself', async () => {
    const offending = await importsOutside(
      protocol,
      (specifier, target) => specifier.startsWith('.') && within(protocol, target),
    );
    expect(offending).toEqual([]);
  });
});
