import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../../test/postgres.ts';
import { migrate } from './migrate.ts';
import { openPostgresEventStore } from './postgres-event-store.ts';
import { MIGRATIONS } from './schema-sql.ts';
import { ConcurrencyError } from '../../engine/ports/store-errors.ts';

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

  it('upgrades a schema written at version 2: its log, keys and streams carry on', async () => {
    made = createTestSchema('upgrade');
    const pool = new pg.Pool({ connectionString: made.url, max: 1 });
    try {
      expect(await migrate(pool, made.schema, MIGRATIONS.slice(0, 2))).toEqual([1, 2]);
      // Written through the version 2 function, as a store of that version did.
      const part = { streamId: 's', expectedVersion: 'no_stream', metadata: {} };
      const event = { id: 'e1', type: 'T', data: {}, metadata: {} };
      await pool.query(`select "${made.schema}".append_events($1::jsonb, 'k1')`, [
        JSON.stringify([{ ...part, events: [event] }]),
      ]);
    } finally {
      await pool.end();
    }
    const store = await openPostgresEventStore({ connectionString: made.url, schema: made.schema });
    try {
      const results = await store.appendBatch([
        {
          parts: {
            streamId: 's',
            expectedVersion: 'no_stream',
            events: [{ id: 'x', type: 'T', data: {} }],
          },
          options: { idempotencyKey: 'k1' },
        },
        {
          parts: { streamId: 's', expectedVersion: 1, events: [{ id: 'e2', type: 'T', data: {} }] },
        },
        {
          parts: { streamId: 's', expectedVersion: 1, events: [{ id: 'e3', type: 'T', data: {} }] },
        },
      ]);
      expect(results[0]).toMatchObject({
        duplicate: true,
        streams: [{ streamId: 's', nextVersion: 1 }],
      });
      expect(results[1]).toMatchObject({
        duplicate: false,
        streams: [{ streamId: 's', nextVersion: 2 }],
      });
      expect(results[2]).toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream('s')).map((e) => e.id)).toEqual(['e1', 'e2']);
    } finally {
      await store.close();
    }
  });
});
