import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateTokenSecret, tokenSecretFile } from './token-secret.ts';

describe('the demo token secret', () => {
  it('is generated once, kept private in the data folder and read back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'factum-secret-'));
    try {
      const first = await loadOrCreateTokenSecret(join(dir, 'data'));
      expect(first.length).toBe(32);
      const again = await loadOrCreateTokenSecret(join(dir, 'data'));
      expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
      const file = join(dir, 'data', tokenSecretFile);
      expect((await stat(file)).mode & 0o077).toBe(0);
      expect((await readFile(file, 'utf8')).trim()).toBe(Buffer.from(first).toString('hex'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
