/**
 * `npx tsx bench/profile-acts.ts <sqlite|postgres> [transactions] [callers]`: W1's (SQLite) or W2's
 * (PostgreSQL) act round trip — the minimal model, request → accepted, engine.perform over the store —
 * with a V8 CPU profile of the run. Prints acts/s, the main thread's CPU per act (from /proc) and
 * where the profiled milliseconds went, grouped by what the code does.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/engine/engine.ts';
import { openPostgresEventStore } from '../src/stores/postgres/index.ts';
import { sqliteEventStore } from '../src/stores/sqlite/index.ts';
import type { EventStore } from '../src/engine/ports/event-store.ts';
import { driveTransactions, loadMinimalModel } from './lib/minimal-model.ts';
import { freshSchemaName } from './lib/postgres.ts';
import { mainThreadCpuMs, startCpuProfile } from './lib/cpu-profile.ts';
import { summariseProfile } from './lib/profile-summary.ts';
import { removeSqliteFiles } from './lib/raw-sqlite.ts';
import { now } from './lib/stats.ts';

const [storeKind = 'sqlite', transactionsArg = '2000', callersArg = '32'] = process.argv.slice(2);
const transactions = Number(transactionsArg);
const callers = Number(callersArg);
const file = join(tmpdir(), `factum-profile-acts-${process.pid}.db`);
const pg = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function openStore(): Promise<EventStore & { close(): Promise<void> }> {
  if (storeKind === 'sqlite') {
    removeSqliteFiles(file);
    return sqliteEventStore({ path: file, synchronous: 'FULL' });
  }
  return openPostgresEventStore({
    connectionString: pg,
    schema: freshSchemaName('profile_acts'),
    maxConnections: Math.max(callers, 2),
  });
}

const model = await loadMinimalModel();
const store = await openStore();
try {
  const engine = createEngine({ model, store });
  // Warm-up: compile the hot paths before profiling.
  await driveTransactions(
    (input) => engine.perform(input),
    Math.min(300, transactions),
    callers,
    now,
  );
  const profiling = await startCpuProfile(200);
  const cpuBefore = mainThreadCpuMs();
  const run = await driveTransactions((input) => engine.perform(input), transactions, callers, now);
  const cpu = mainThreadCpuMs() - cpuBefore;
  const profile = await profiling.stop();
  const out = join(tmpdir(), `factum-acts-${storeKind}.cpuprofile`);
  writeFileSync(out, JSON.stringify(profile));
  process.stdout.write(
    `${storeKind}, ${callers} callers: ${run.acts} acts in ${run.ms.toFixed(0)} ms = ${((1000 * run.acts) / run.ms).toFixed(0)} acts/s; main thread CPU ${(cpu / run.acts).toFixed(3)} ms per act (${((100 * cpu) / run.ms).toFixed(0)}% of wall)\nprofile: ${out}\n\n`,
  );
  process.stdout.write(summariseProfile(profile, run.acts));
} finally {
  await store.close();
  if (storeKind === 'sqlite') removeSqliteFiles(file);
}
