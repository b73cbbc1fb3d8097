/**
 * The demo token secret: when none is configured, a random one is generated once and kept in the
 * data folder, so tokens survive a restart of the server.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file name of the kept secret inside the data folder. */
export const tokenSecretFile = 'token-secret';

/** Reads the secret kept in `dataDir`, or generates and keeps a new one (impure: file system). */
export async function loadOrCreateTokenSecret(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, tokenSecretFile);
  try {
    const text = (await readFile(path, 'utf8')).trim();
    if (/^[0-9a-f]{64,}$/i.test(text)) return Buffer.from(text, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, `${secret.toString('hex')}\n`, { mode: 0o600 });
  return secret;
}
