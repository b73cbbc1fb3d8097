import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const client = fileURLToPath(new URL('./client', import.meta.url));

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('the browser client', () => {
  it('imports only preact and its own files (tests aside): it knows the server through HTTP alone', async () => {
    const offending: string[] = [];
    for (const file of await files(client)) {
      const source = await readFile(file, 'utf8');
      for (const match of source.matchAll(/(?:from|import)\s*['"]([^'"]+)['"]/g)) {
        const specifier = match[1] ?? '';
        const inside =
          specifier.startsWith('.') &&
          !relative(client, join(file, '..', specifier)).startsWith('..');
        const allowed = inside || specifier === 'preact' || specifier.startsWith('preact/');
        if (!allowed) offending.push(`${relative(client, file)}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
