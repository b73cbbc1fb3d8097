import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../../test/postgres.ts';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import type { RowChange } from '../../engine/ports/view-store.ts';
import { describeViewStore } from '../contract/describe-view-store.ts';
import { openPostgresEventStore } from './postgres-event-store.ts';
import { expectVersionOneRowsCarryOn, versionOneRows } from '../contract/view-upgrade-check.ts';
import { expectRetiredViewsSwept } from '../contract/view-sweep-check.ts';
import { migrateViews, VIEW_MIGRATIONS } from './postgres-view-migrations.ts';
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

/** A change that sets row `key` of view `v`. */
const put = (key: string): RowChange => ({ view: 'v', key, row: { key } });

describeViewStore('postgres', async () => {
  const views = await openPostgresViewStore({ pool, schema: testSchema.schema });
  const tables = ['view_rows', 'view_names', 'projection_checkpoints']
    .map((table) => `"${testSchema.schema}".${table}`)
    .join(', ');
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

  it('commits views without waiting for the WAL flush unless told to keep the server setting', async () => {
    const fresh = createTestSchema('views_sync');
    try {
      const relaxed = await openPostgresViewStore({ pool, schema: fresh.schema });
      const strict = await openPostgresViewStore({
        pool,
        schema: fresh.schema,
        relaxViewSync: false,
      });
      const q = `"${fresh.schema}"`;
      // A trigger notes the setting each commit's transaction wrote its checkpoint under.
      await pool.query(`create table ${q}.seen (n serial, setting text)`);
      await pool.query(
        `create function ${q}.note_sync() returns trigger language plpgsql as $$
         begin
           insert into ${q}.seen (setting) values (current_setting('synchronous_commit'));
           return new;
         end $$`,
      );
      await pool.query(
        `create trigger note_sync after insert or update on ${q}.projection_checkpoints
         for each row execute function ${q}.note_sync()`,
      );
      const server = (
        await pool.query<{ s: string }>("select current_setting('synchronous_commit') as s")
      ).rows[0]?.s;
      await relaxed.commit([
        { projection: 'p', checkpoint: 'c-1', position: 1n, changes: [put('a')], expected: null },
      ]);
      await strict.commit([
        { projection: 'p', checkpoint: 'c-2', position: 2n, changes: [put('b')] },
      ]);
      await relaxed.commit([{ projection: 'p', checkpoint: 'c-3', position: 3n, changes: [] }]);
      const seen = await pool.query<{ setting: string }>(
        `select setting from ${q}.seen order by n`,
      );
      // The fenced first commit claims its checkpoint row, then moves it: two notes.
      expect(seen.rows.map((row) => row.setting)).toEqual(['off', 'off', server, 'off']);
      expect(server).not.toBe('off');
      // The setting was local to each commit: the pooled connections keep the server's.
      const after = await pool.query<{ s: string }>(
        "select current_setting('synchronous_commit') as s",
      );
      expect(after.rows[0]?.s).toBe(server);
      expect((await strict.get('v', 'a'))?.row).toEqual({ key: 'a' });
      await relaxed.close();
      await strict.close();
    } finally {
      await fresh.cleanup();
    }
  });

  it('migrates the rows of the first schema, which read, filter and commit as before', async () => {
    const fresh = createTestSchema('views_v1');
    try {
      await migrateViews(pool, fresh.schema, VIEW_MIGRATIONS.slice(0, 1));
      for (const values of versionOneRows) {
        await pool.query(
          `insert into "${fresh.schema}".view_rows (view, key, partition, owner, row) values ($1, $2, $3, $4, $5)`,
          [...values],
        );
      }
      const views = await openPostgresViewStore({ pool, schema: fresh.schema });
      await expectVersionOneRowsCarryOn(views);
      await views.close();
    } finally {
      await fresh.cleanup();
    }
  });

  it('sweeps the rows of views a swap or a reset retired, a crash’s leftovers too', async () => {
    const fresh = createTestSchema('views_sweep');
    try {
      const views = await openPostgresViewStore({ pool, schema: fresh.schema });
      const count = async (sql: string): Promise<number> =>
        Number((await pool.query<{ n: string }>(sql)).rows[0]?.n);
      await expectRetiredViewsSwept(
        views,
        {
          storedRows: () => count(`select count(*) as n from "${fresh.schema}".view_rows`),
          // The old views' ids stay as tombstones, their rows gone.
          retiredIds: () =>
            count(`select count(*) as n from "${fresh.schema}".view_names where name is null`),
          retireUnswept: async (view) => {
            await pool.query(
              `update "${fresh.schema}".view_names set name = null where name = $1`,
              [view],
            );
          },
        },
        50,
        { afterSwap: 1, afterReset: 3 },
      );
      await views.close();
    } finally {
      await fresh.cleanup();
    }
  });
});
