import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../../test/postgres.ts';
import { migrate } from './migrate.ts';
import { openPostgresEventStore } from './postgres-event-store.ts';
import { MIGRATIONS } from './schema-sql.ts';

describe('postgres schema migrations', () => {
  let made: TestSchema | undefined;
  afterEach(async () => {
    await made?.cleanup();
    made = undefined;
  });

  it('stores opening the same new schema concurrently migrate it once and share it', async () => {
    made = createTestSchema('migrate');
    const { url, schema } = made;
    const stores = await Promise.all(
      Array.from({ length: 4 }, () =>
        openPostgresEventStore({ connectionString: url, schema, maxConnections: 2 }),
      ),
    );
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const { rows } = await pool.query<{ version: number }>(
        `select version from "${schema}".schema_migrations order by version`,
      );
      expect(rows.map((row) => row.version)).toEqual(
        MIGRATIONS.map((migration) => migration.version),
      );
      expect(await migrate(pool, schema), 'a second migrate applies nothing').toEqual([]);

      const [first, second] = stores;
      await first!.append({
        streamId: 's',
        expectedVersion: 'no_stream',
        events: [{ id: 'e1', type: 'T', data: {} }],
      });
      expect((await second!.readStream('s')).map((event) => event.id)).toEqual(['e1']);
    } finally {
      await pool.end();
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('keeps schemas apart: the same stream in two schemas are two streams', async () => {
    made = createTestSchema('apart');
    const other = createTestSchema('apart');
    const a = await openPostgresEventStore({ connectionString: made.url, schema: made.schema });
    const b = await openPostgresEventStore({ connectionString: other.url, schema: other.schema });
    try {
      await a.append({
        streamId: 's',
        expectedVersion: 'no_stream',
        events: [{ id: 'e1', type: 'T', data: 1 }],
      });
      await b.append({
        streamId: 's',
        expectedVersion: 'no_stream',
        events: [{ id: 'e1', type: 'T', data: 2 }],
      });
      expect((await a.readStream('s')).map((event) => event.data)).toEqual([1]);
      expect((await b.readStream('s')).map((event) => event.data)).toEqual([2]);
    } finally {
      await a.close();
      await b.close();
      await other.cleanup();
    }
  });
});
