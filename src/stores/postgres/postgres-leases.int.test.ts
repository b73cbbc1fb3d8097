import { afterAll, afterEach, describe } from 'vitest';
import type { Leases } from '../../engine/ports/leases.ts';
import type { ViewStore } from '../../engine/ports/view-store.ts';
import { createTestSchema, type TestSchema } from '../../../test/postgres.ts';
import { leaseCases } from '../contract/lease-cases.ts';
import { postgresLeases } from './postgres-leases.ts';
import { openPostgresViewStore } from './postgres-view-store.ts';

const schemas: TestSchema[] = [];
const opened: { leases: Leases; views: ViewStore }[] = [];
afterEach(async () => {
  for (const { leases, views } of opened.splice(0)) {
    await leases.close();
    await views.close();
  }
});
afterAll(async () => {
  for (const schema of schemas) await schema.cleanup();
});

describe('PostgreSQL leases, two pools on one schema', () => {
  leaseCases({
    fresh: () => {
      schemas.push(createTestSchema('leases'));
      return Promise.resolve();
    },
    open: async (holder, clock, ttlMs) => {
      const { url, schema } = schemas.at(-1)!;
      const views = await openPostgresViewStore({
        connectionString: url,
        schema,
        maxConnections: 2,
      });
      const handles = {
        leases: postgresLeases({ connectionString: url, holder, schema, ttlMs, now: clock }),
        views,
      };
      opened.push(handles);
      return handles;
    },
  });
});
