/**
 * Helpers for the PostgreSQL integration tests: the server URL from the global setup, and a schema
 * of one's own per test file, so runs and files never collide.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the PostgreSQL server the integration tests use (DATABASE_URL or an embedded one). */
    databaseUrl: string;
  }
}

/** The URL of the test PostgreSQL server (impure: reads the global setup's context). */
export function databaseUrl(): string {
  return inject('databaseUrl');
}

/** A schema name of one's own, and how to drop it again. */
export interface TestSchema {
  readonly url: string;
  readonly schema: string;
  /** Drops the schema and everything in it. */
  readonly cleanup: () => Promise<void>;
}

/** Picks a new schema name unique to this call (the store creates it); cleanup drops it (impure). */
export function createTestSchema(prefix = 'test'): TestSchema {
  const url = databaseUrl();
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    url,
    schema,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
