/**
 * W1: the act round trip on SQLite, durable (synchronous=FULL): 32 in-process callers each start
 * transactions and drive them to accepted (5 acts each); beside raw better-sqlite3 appending in
 * batches of 100 at FULL, and Emmett's SQLite command handler.
 */
import { join } from 'node:path';
import { createEngine } from '../../src/engine/engine.ts';
import { sqliteEventStore } from '../../src/stores/sqlite/index.ts';
import type { BenchContext } from '../lib/context.ts';
import { emmettSqliteHandler } from '../lib/emmett.ts';
import { measureRow, measureRowSafely } from '../lib/measure.ts';
import { driveTransactions, loadMinimalModel } from '../lib/minimal-model.ts';
import { rawSqliteActRows, rawSqliteBatchedAppend, removeSqliteFiles } from '../lib/raw-sqlite.ts';
import { ratioCheck } from '../lib/results.ts';
import { now, type RepOutcome } from '../lib/stats.ts';

/** Runs `transactions` transactions at `callers` on a fresh SQLite file at FULL (impure). */
export async function factumSqliteActs(
  file: string,
  transactions: number,
  callers: number,
): Promise<RepOutcome> {
  const model = await loadMinimalModel();
  removeSqliteFiles(file);
  const store = sqliteEventStore({ path: file, synchronous: 'FULL' });
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
    removeSqliteFiles(file);
  }
}

/** Runs W1 and checks its targets (impure). */
export async function runW1(context: BenchContext): Promise<void> {
  const { sizes } = context;
  const workload = 'W1';
  const factum = await measureRow(
    context,
    {
      workload,
      scenario: 'SQLite FULL, 32 callers',
      subject: 'factum',
      what: `engine.perform request→accepted, ${sizes.w1Transactions} tx × 5 acts`,
      unit: 'acts/s',
    },
    (r) => factumSqliteActs(join(context.tmp, `w1-${r}.db`), sizes.w1Transactions, 32),
    1,
  );
  const limit = await measureRow(
    context,
    {
      workload,
      scenario: 'SQLite FULL',
      subject: 'limit',
      what: `raw better-sqlite3, 100 events/txn, WAL FULL, ${sizes.rawSqliteEvents} events (p = per batch)`,
      unit: 'events/s',
    },
    () => rawSqliteBatchedAppend(join(context.tmp, 'w1-raw.db'), sizes.rawSqliteEvents, 'FULL'),
  );
  // What the store's SQL alone costs at the largest batch 32 callers can form: the limit that holds W1.
  await measureRow(
    context,
    {
      workload,
      scenario: "SQLite FULL, Factum's rows, 32 acts/commit",
      subject: 'limit',
      what: `raw better-sqlite3 on Factum's schema: per act key probe, stream read+write, event, key row; ${sizes.w1Transactions * 5} acts (p = per commit)`,
      unit: 'acts/s',
    },
    () => rawSqliteActRows(join(context.tmp, 'w1-rows.db'), sizes.w1Transactions * 5, 32),
  );
  const handler = await emmettSqliteHandler((r) => join(context.tmp, `w1-emmett-${r}.db`));
  const emmett = await measureRowSafely(
    context,
    {
      workload,
      scenario: 'SQLite, 1 caller',
      subject: 'emmett',
      what: `CommandHandler read+decide+append, ${sizes.emmettCommands} commands (SQLITE_BUSY beyond 1 caller)`,
      unit: 'cmds/s',
    },
    typeof handler === 'string' ? handler : (r) => handler(sizes.emmettCommands, r),
  );
  context.results.note(
    'W1/W2/W6: the command side alone (createEngine over the store, no view runners), the minimal model (one kind, no rules); latencies are per act. One unrecorded warm-up repetition precedes the recorded ones.',
  );
  context.results.check(
    ratioCheck(workload, 'Factum ≥ 25% of raw batched FULL append', factum, limit, 0.25),
  );
  context.results.check(
    ratioCheck(workload, 'Factum ≥ 20× Emmett SQLite command handler', factum, emmett, 20),
  );
}
