import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../../test/postgres.ts';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { describeViewStore } from '../contract/describe-view-store.ts';
import { openPostgresEventStore } from './postgres-event-store.ts';
import { VIEW_MIGRATIONS } from './postgres-view-migrations.ts';
import { openPostgresViewStore } from './postgres-view-store.ts';

const testSchema = createTestSchema('views');
let pool: pg.Pool;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: testSchema.url, max: 6 });
});

afterAll(async () => {
  await pool.end();
  await testSchema.cleanup();
});

describeViewStore('postgres', async () => {
  const views = await openPostgresViewStore({ pool, schema: testSchema.schema });
  const tables = `"${testSchema.schema}".view_rows, "${testSchema.schema}".projection_checkpoints`;
  await pool.query(`truncate ${tables}`);
  return { views };
});

describe('postgres view store beside the event store', () => {
  it('migrates once into the event store schema, however many open it at once', async () => {
    const fresh = createTestSchema('views_mig');
    try {
      const opened = await Promise.all([
        openPostgresEventStore({
          connectionString: fresh.url,
          schema: fresh.schema,
          maxConnections: 2,
        }),
        openPostgresViewStore({ pool, schema: fresh.schema }),
        openPostgresViewStore({ pool, schema: fresh.schema }),
        openPostgresViewStore({
          connectionString: fresh.url,
          schema: fresh.schema,
          maxConnections: 2,
        }),
      ]);
      const [events, views, , own] = opened;
      const versions = await pool.query<{ version: number }>(
        `select version from "${fresh.schema}".view_schema_migrations order by version`,
      );
      expect(versions.rows.map((row) => row.version)).toEqual(
        VIEW_MIGRATIONS.map((m) => m.version),
      );
      const appended = await events.append({
        streamId: 's-1',
        expectedVersion: 'no_stream',
        events: [{ id: 'e-1', type: 'Requested', data: {} }],
      });
      const position = appended.streams[0]!.positions[0]!;
      await views.commit([
        {
          projection: 'p',
          checkpoint: appended.checkpoint,
          position,
          changes: [{ view: 'v', key: 'k', row: { n: 1 } }],
        },
      ]);
      // Another client sees the same tables.
      expect((await own.get('v', 'k'))?.row).toEqual({ n: 1 });
      expect((await own.checkpoint('p'))?.checkpoint).toBe(appended.checkpoint);
      expect((await events.readStream('s-1')).map((event) => event.id)).toEqual(['e-1']);
      await own.close();
      await expect(own.get('v', 'k')).rejects.toBeInstanceOf(StoreUnavailableError);
      await Promise.all(opened.map((store) => store.close()));
      // A store over a shared pool leaves the pool open.
      expect((await pool.query<{ one: number }>('select 1 as one')).rows[0]?.one).toBe(1);
    } finally {
      await fresh.cleanup();
    }
  });

  it('shares the event store pool: one pool, never ended by the view store', async () => {
    const fresh = createTestSchema('views_pool');
    try {
      const events = await openPostgresEventStore({
        connectionString: fresh.url,
        schema: fresh.schema,
        maxConnections: 3,
      });
      const views = await openPostgresViewStore({ pool: events.pool, schema: fresh.schema });
      const appended = await events.append({
        streamId: 's-1',
        expectedVersion: 'no_stream',
        events: [{ id: 'e-1', type: 'Requested', data: {} }],
      });
      await views.commit([
        {
          projection: 'p',
          checkpoint: appended.checkpoint,
          position: 2n ** 62n,
          changes: [{ view: 'v', key: 'k', row: { n: 1 } }],
          expected: null,
        },
      ]);
      expect(await views.checkpoint('p')).toMatchObject({
        checkpoint: appended.checkpoint,
        position: 2n ** 62n,
      });
      // No connection of the pool is left checked out by the view store's transactions.
      expect(events.pool.totalCount - events.pool.idleCount).toBe(0);
      await views.close();
      await expect(views.get('v', 'k')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect((await events.readStream('s-1')).map((event) => event.id)).toEqual(['e-1']);
      expect(events.pool.ending).toBe(false);
      await events.close();
      expect(events.pool.ending).toBe(true);
    } finally {
      await fresh.cleanup();
    }
  });

  it('commits more rows than one statement carries, in one transaction', async () => {
    const views = await openPostgresViewStore({ pool, schema: testSchema.schema });
    const keys = Array.from({ length: 4500 }, (_, i) => `big-${String(i).padStart(5, '0')}`);
    await views.commit([
      {
        projection: 'big',
        checkpoint: 'c',
        position: 1n,
        changes: keys.map((key, i) => ({ view: 'big', key, row: { i } })),
      },
    ]);
    expect((await views.query('big', { limit: 1 })).total).toBe(4500);
    await expect(
      views.commit([
        {
          projection: 'big',
          checkpoint: 'c2',
          position: 2n,
          changes: [
            ...keys.map((key) => ({ view: 'big', key, row: null })),
            ...keys.map((key, i) => ({
              view: 'big2',
              key,
              row: i === 4400 ? ({ bad: 1n } as never) : { i },
            })),
          ],
        },
      ]),
    ).rejects.toThrow();
    expect((await views.query('big', { limit: 1 })).total).toBe(4500);
    expect((await views.query('big2', { limit: 1 })).total).toBe(0);
    expect((await views.checkpoint('big'))?.checkpoint).toBe('c');
  });
});
