/**
 * The three stores the end-to-end tests run on: in memory, a SQLite file, and a PostgreSQL schema of
 * the test's own. Each factory returns the stores and how to remove them again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores, type OpenStores } from '../src/app/open-stores.ts';
import { createTestSchema } from './postgres.ts';

/** A store under test, with its clean-up. */
export interface TestStores extends OpenStores {
  dispose(): Promise<void>;
}

/** Names and openers of the stores every end-to-end test runs on. */
export const storeFactories: readonly (readonly [name: string, open: () => Promise<TestStores>])[] =
  [
    [
      'memory',
      async () => {
        const stores = await openStores('memory:');
        return { ...stores, dispose: () => stores.close() };
      },
    ],
    [
      'sqlite',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'factum-e2e-'));
        const stores = await openStores(`sqlite:${join(dir, 'factum.db')}`);
        return {
          ...stores,
          dispose: async () => {
            await stores.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    ],
    [
      'postgres',
      async () => {
        const { url, schema, cleanup } = createTestSchema('e2e');
        const target = new URL(url);
        target.searchParams.set('schema', schema);
        const stores = await openStores(target.toString());
        return {
          ...stores,
          dispose: async () => {
            await stores.close();
            await cleanup();
          },
        };
      },
    ],
  ];
