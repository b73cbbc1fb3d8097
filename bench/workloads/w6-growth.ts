/**
 * W6: cost growth — the act round trip (W1) and the view rebuild (W3) on SQLite with 10k, 100k and
 * 1M facts already in the log: the per-act cost should stay flat and the rebuild rate constant
 * (rebuild time linear in the log).
 */
import { join } from 'node:path';
import { builtinProjection } from '../../src/engine/views/builtin-projection.ts';
import { ProjectionRunner } from '../../src/engine/views/projection-runner.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { sqliteEventStore, sqliteViewStore } from '../../src/stores/sqlite/index.ts';
import type { BenchContext } from '../lib/context.ts';
import { fillLog } from '../lib/fill-log.ts';
import { measureRow } from '../lib/measure.ts';
import { driveTransactions, loadMinimalModel } from '../lib/minimal-model.ts';
import { removeSqliteFiles } from '../lib/raw-sqlite.ts';
import { formatNumber, formatRatio, type Row } from '../lib/results.ts';
import { now } from '../lib/stats.ts';

/** Runs W6 and checks its targets (impure). */
export async function runW6(context: BenchContext): Promise<void> {
  const workload = 'W6';
  const model = await loadMinimalModel();
  const file = join(context.tmp, 'w6.db');
  removeSqliteFiles(file);
  const store = sqliteEventStore({ path: file, synchronous: 'FULL' });
  const views = sqliteViewStore(store);
  const acts: Row[] = [];
  const rebuilds: Row[] = [];
  try {
    let inLog = 0;
    for (const size of context.sizes.w6Sizes) {
      inLog += await fillLog(store, model, `w6f${size}`, size - inLog);
      const scenario = `SQLite, ${formatNumber(size)} facts in log`;
      acts.push(
        await measureRow(
          context,
          {
            workload,
            scenario,
            subject: 'factum',
            what: `act round trip (W1), 32 callers, ${context.sizes.w6Transactions} tx × 5 acts`,
            unit: 'acts/s',
          },
          async () => {
            const engine = createEngine({ model, store });
            const run = await driveTransactions(
              (input) => engine.perform(input),
              context.sizes.w6Transactions,
              32,
              now,
            );
            inLog += run.acts;
            return { count: run.acts, ms: run.ms, latencies: run.latencies };
          },
          1,
        ),
      );
      const runner = new ProjectionRunner(store, views, builtinProjection(model));
      rebuilds.push(
        await measureRow(
          context,
          {
            workload,
            scenario,
            subject: 'factum',
            what: 'view rebuild (W3), in process',
            unit: 'facts/s',
          },
          async () => {
            const start = now();
            const facts = await runner.rebuild();
            return { count: facts, ms: now() - start };
          },
        ),
      );
    }
  } finally {
    await views.close();
    await store.close();
    removeSqliteFiles(file);
  }
  const growth = (rows: readonly Row[], label: string, target: string): void => {
    const first = rows[0]?.summary?.rate;
    const last = rows.at(-1)?.summary?.rate;
    if (first === undefined || last === undefined || rows.length < 2) {
      context.results.check({ workload, target, actual: 'n/a', met: undefined });
      return;
    }
    const ratio = last / first;
    context.results.check({
      workload,
      target,
      actual: `${label} at the largest log is ${formatRatio(ratio)} of the smallest`,
      met: ratio >= 0.8,
    });
  };
  growth(acts, 'acts/s', 'flat per-act cost (acts/s at largest ≥ 80% of smallest)');
  growth(rebuilds, 'facts/s', 'linear rebuild (facts/s at largest ≥ 80% of smallest)');
}
