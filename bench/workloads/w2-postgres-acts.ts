/**
 * W2: the act round trip on PostgreSQL at 1, 8 and 32 callers; beside raw single-row inserts at 32
 * connections and Emmett's PostgreSQL command handler at the same caller counts.
 */
import { createEngine } from '../../src/engine/engine.ts';
import { openPostgresEventStore } from '../../src/stores/postgres/index.ts';
import type { BenchContext } from '../lib/context.ts';
import { emmettPostgresHandler } from '../lib/emmett.ts';
import { measureRow, measureRowSafely } from '../lib/measure.ts';
import { driveTransactions, loadMinimalModel } from '../lib/minimal-model.ts';
import { dropDatabase, dropSchema, freshSchemaName, scratchDatabase } from '../lib/postgres.ts';
import { rawPgSingleInserts } from '../lib/raw-postgres.ts';
import { ratioCheck, type Row } from '../lib/results.ts';
import { now, type RepOutcome } from '../lib/stats.ts';

async function factumPgActs(
  url: string,
  transactions: number,
  callers: number,
): Promise<RepOutcome> {
  const model = await loadMinimalModel();
  const schema = freshSchemaName('w2');
  const store = await openPostgresEventStore({
    connectionString: url,
    schema,
    maxConnections: Math.max(callers, 2),
  });
  try {
    const engine = createEngine({ model, store });
    const run = await driveTransactions(
      (input) => engine.perform(input),
      transactions,
      callers,
      now,
    );
    return { count: run.acts, ms: run.ms, latencies: run.latencies };
  } finally {
    await store.close();
    await dropSchema(url, schema);
  }
}

/** Runs W2 and checks its targets (impure). */
export async function runW2(context: BenchContext): Promise<void> {
  const workload = 'W2';
  const url = context.pgUrl;
  const { sizes } = context;
  if (url === undefined) {
    for (const subject of ['factum', 'limit', 'emmett'] as const) {
      context.results.add({
        workload,
        scenario: 'PostgreSQL',
        subject,
        what: '-',
        unit: 'acts/s',
        unavailable: 'no PostgreSQL',
      });
    }
    return;
  }
  const factum = new Map<number, Row>();
  for (const callers of [1, 8, 32] as const) {
    factum.set(
      callers,
      await measureRow(
        context,
        {
          workload,
          scenario: `PostgreSQL, ${callers} caller${callers === 1 ? '' : 's'}`,
          subject: 'factum',
          what: `engine.perform request→accepted, ${sizes.w2Transactions[callers]} tx × 5 acts`,
          unit: 'acts/s',
        },
        () => factumPgActs(url, sizes.w2Transactions[callers], callers),
        callers === 1 ? 0 : 1,
      ),
    );
  }
  const limit = await measureRow(
    context,
    {
      workload,
      scenario: 'PostgreSQL, 32 connections',
      subject: 'limit',
      what: `raw single-row insert autocommit (postgres client), ${sizes.rawPgInserts} rows`,
      unit: 'events/s',
    },
    async () => {
      const schema = freshSchemaName('w2raw');
      try {
        return await rawPgSingleInserts(url, schema, sizes.rawPgInserts, 32);
      } finally {
        await dropSchema(url, schema);
      }
    },
  );
  const emmett = new Map<number, Row>();
  const database = `factum_bench_emmett_${process.pid}`;
  const handler = await emmettPostgresHandler();
  const emmettUrl = typeof handler === 'string' ? url : await scratchDatabase(url, database);
  try {
    const measure =
      typeof handler === 'string'
        ? handler
        : (callers: number) => () => handler(emmettUrl, sizes.emmettCommands, callers);
    for (const callers of [1, 8, 32]) {
      emmett.set(
        callers,
        await measureRowSafely(
          context,
          {
            workload,
            scenario: `PostgreSQL, ${callers} caller${callers === 1 ? '' : 's'}`,
            subject: 'emmett',
            what: `CommandHandler read+decide+append, ${sizes.emmettCommands} commands`,
            unit: 'cmds/s',
          },
          typeof measure === 'string' ? measure : measure(callers),
        ),
      );
    }
  } finally {
    if (typeof handler !== 'string') await dropDatabase(url, database);
  }
  context.results.check(
    ratioCheck(
      workload,
      'at 32: Factum ≥ 1× raw single-row inserts at 32 conns',
      factum.get(32),
      limit,
      1,
    ),
  );
  context.results.check(
    ratioCheck(
      workload,
      'at 32: Factum ≥ 4× Emmett PG command handler',
      factum.get(32),
      emmett.get(32),
      4,
    ),
  );
}
