/**
 * `npx tsx bench/profile-w3.ts <sqlite|postgres> [facts] [--keep | --log <store-url>]`: W3's
 * rebuild of the built-in views over a log of `facts` facts (default 200,000) of the minimal model,
 * filled as W3 fills it. Prints the raw ordered read of the log (W3's limit), W3's own measurement
 * (the rebuild in a child process: facts/s and peak RSS), then a second rebuild in this process
 * under a V8 CPU profile and where its milliseconds went, grouped by what the code does.
 * `--keep` leaves the filled log behind and prints its store URL; `--log` rebuilds that log
 * instead of filling one (a log kept earlier, with the views its last rebuild swapped in).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores } from '../src/app/open-stores.ts';
import { builtinProjection } from '../src/engine/views/builtin-projection.ts';
import { ProjectionRunner } from '../src/engine/views/projection-runner.ts';
import { fillLog } from './lib/fill-log.ts';
import { loadMinimalModel } from './lib/minimal-model.ts';
import { dropSchema, freshSchemaName, withSchema } from './lib/postgres.ts';
import { startCpuProfile } from './lib/cpu-profile.ts';
import { summariseProfile, type ProfileGroups } from './lib/profile-summary.ts';
import { rawPgOrderedRead } from './lib/raw-postgres.ts';
import { rawSqliteOrderedRead } from './lib/raw-sqlite.ts';
import { formatNumber } from './lib/results.ts';
import { now } from './lib/stats.ts';
import { rebuildInChild } from './workloads/w3-rebuild.ts';

/** A rebuild's groups, the innermost work first: a sample goes to the first one its stack meets. */
const rebuildGroups: ProfileGroups = [
  [
    'log read: rows to events (JSON.parse of data, metadata)',
    (f) => /^recordedEvent$/.test(f.name),
  ],
  [
    'log read: the query (better-sqlite3 step, pg query)',
    (f) =>
      /stores\/(sqlite\/sqlite-event-store|postgres\/postgres-(reads|event-store))/.test(f.url),
  ],
  ['view rows to JSON text (JSON.stringify)', (f) => /^(viewRowsJson|viewRowJson)$/.test(f.name)],
  [
    'view store reads (rows not remembered)',
    (f) => /view-store|view-row/.test(f.url) && /^(get|getMany|viewRowOf)$/.test(f.name),
  ],
  [
    'view store writes (SQL, parameters, transaction)',
    (f) => /stores\/.*view-(store|rows|fencing)|pg-session/.test(f.url),
  ],
  [
    'batch rows, shadow rows, key filter',
    (f) => /engine\/views\/(batch-rows|shadow-rows|key-filter)/.test(f.url),
  ],
  [
    'projection fold: facts, evolve, agenda, rows',
    (f) =>
      /engine\/views\/builtin-projection|engine\/(fact|ledger)-events|src\/(core|model)\//.test(
        f.url,
      ),
  ],
  [
    'rebuild pipeline: batches, commits in turn',
    (f) => /engine\/views\/(shadow-build|batches-ahead|projection-runner)/.test(f.url),
  ],
  [
    'pg driver: protocol, sockets',
    (f) =>
      /node_modules\/(pg|pg-protocol|pg-types|postgres-[a-z]+)\/|node:net|node:internal\/(stream|net)/.test(
        f.url,
      ),
  ],
];

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const [store = 'sqlite', factsArg = '200000'] = args.filter(
  (arg, index) => !arg.startsWith('--') && args[index - 1] !== '--log',
);
if (store !== 'sqlite' && store !== 'postgres')
  throw new Error('usage: profile-w3.ts <sqlite|postgres> [facts] [--keep | --log <store-url>]');
const facts = Number(factsArg);
const given = option('--log');
const keep = flag('--keep') || given !== undefined;
const tmp = mkdtempSync(join(tmpdir(), 'factum-profile-w3-'));
const pg = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = freshSchemaName('profile_w3');
const storeUrl =
  given ?? (store === 'postgres' ? withSchema(pg, schema) : `sqlite:${join(tmp, 'w3.db')}`);
const model = await loadMinimalModel();
const rate = (count: number, ms: number): string => formatNumber(count / (ms / 1000));

try {
  if (given === undefined) {
    const stores = await openStores(storeUrl);
    try {
      const start = now();
      const appended = await fillLog(stores.store, model, 'w3', facts);
      process.stdout.write(
        `filled ${formatNumber(appended)} facts in ${((now() - start) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      await stores.close();
    }
  }
  const raw =
    store === 'postgres'
      ? await rawPgOrderedRead(pg, new URL(storeUrl).searchParams.get('schema') ?? 'factum')
      : rawSqliteOrderedRead(storeUrl.slice('sqlite:'.length));
  process.stdout.write(`raw ordered read: ${rate(raw.count, raw.ms)} events/s\n`);
  const child = await rebuildInChild(storeUrl);
  process.stdout.write(
    `W3 rebuild (child process): ${rate(child.count, child.ms)} facts/s, ` +
      `${((100 * (child.count / child.ms)) / (raw.count / raw.ms)).toFixed(0)}% of the raw read, ` +
      `peak RSS ${(child.extra ?? 0).toFixed(0)} MB\n`,
  );

  const stores = await openStores(storeUrl);
  try {
    const runner = new ProjectionRunner(stores.store, stores.views, builtinProjection(model));
    const profiling = await startCpuProfile(500);
    const start = now();
    const applied = await runner.rebuild();
    const ms = now() - start;
    const profile = await profiling.stop();
    const file = join(tmpdir(), `factum-w3-${store}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    process.stdout.write(
      `profiled rebuild (this process): ${rate(applied, ms)} facts/s over ${(ms / 1000).toFixed(1)} s; profile ${file}\n\n`,
    );
    process.stdout.write(
      summariseProfile(profile, applied, { groups: rebuildGroups, unit: 'fact', perUnit: 'µs' }),
    );
  } finally {
    await stores.close();
  }
  if (keep) process.stdout.write(`\nlog kept: --log ${storeUrl}\n`);
} finally {
  if (!keep) {
    if (store === 'postgres') await dropSchema(pg, schema);
  }
  // A SQLite log filled here and kept lives in the temporary directory.
  if (!(keep && store === 'sqlite' && given === undefined))
    rmSync(tmp, { recursive: true, force: true });
}
