/**
 * Vitest global setup: provides a real PostgreSQL server to the integration tests. DATABASE_URL is
 * used as is when set (CI); otherwise a throwaway embedded server is started for the run and
 * stopped at its end, so `npm test` passes on a machine with only Node.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer } from './embedded-server.ts';

/** Starts (or finds) the server and provides its URL as `databaseUrl`; returns the teardown (impure). */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env['DATABASE_URL'];
  if (given !== undefined && given !== '') {
    project.provide('databaseUrl', given);
    return undefined;
  }
  const server = await startEmbeddedServer();
  project.provide('databaseUrl', server.url);
  return () => server.destroy();
}
