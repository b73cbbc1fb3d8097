/**
 * `npm run bench [-- --quick] [-- --only W1,W3] [-- --reps N] [-- --compare FILE]`: runs the workloads of the benchmark
 * issue for Factum, the raw driver limit and Emmett in one process run, prints the table of medians
 * and the target checks, and writes bench/RESULTS.md after a run of every workload.
 * PostgreSQL comes from DATABASE_URL, or an embedded server is started as the tests do.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseResultsTable,
  parseTargetsTable,
  textComparison,
  textTargetComparison,
} from './lib/compare.ts';
import { fullSizes, quickSizes, type BenchContext } from './lib/context.ts';
import { describeMachine } from './lib/machine.ts';
import { benchPostgres, type BenchPostgres } from './lib/postgres.ts';
import { markdownReport, profilesSection, textTable, textTargets } from './lib/report.ts';
import { Results } from './lib/results.ts';
import { now } from './lib/stats.ts';
import { runW1 } from './workloads/w1-sqlite-acts.ts';
import { runW2 } from './workloads/w2-postgres-acts.ts';
import { runW3 } from './workloads/w3-rebuild.ts';
import { runW4 } from './workloads/w4-http.ts';
import { runW5 } from './workloads/w5-live.ts';
import { runW6 } from './workloads/w6-growth.ts';
import { runW7 } from './workloads/w7-scale-out.ts';

const workloads: Record<string, (context: BenchContext) => Promise<void>> = {
  W1: runW1,
  W2: runW2,
  W3: runW3,
  W4: runW4,
  W5: runW5,
  W6: runW6,
  W7: runW7,
};
const needsPostgres = new Set(['W2', 'W3', 'W7']);

const usage = `npm run bench -- [options]
  --quick          shrunk sizes: the whole run in a few minutes (the ratios are less steady)
  --only W1,W3     run these workloads only (${Object.keys(workloads).join(', ')}); RESULTS.md is
                   written only after a run of every workload
  --reps N         repetitions per measurement (at least 3, default 3)
  --compare FILE   after the run, print each row and target beside the same one in FILE (an earlier
                   bench/RESULTS.md, e.g. from \`git show HEAD~3:bench/RESULTS.md > old.md\`)
  --help           this text
`;

interface Args {
  readonly quick: boolean;
  readonly only: string[];
  readonly reps: number;
  readonly compare: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  let quick = false;
  let only = Object.keys(workloads);
  let reps = 3;
  let compare: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[(i += 1)];
      if (inline === undefined) throw new Error(`${arg} needs a value`);
      return inline;
    };
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--only')) only = value().toUpperCase().split(',').filter(Boolean);
    else if (arg.startsWith('--reps')) reps = Math.max(3, Number(value()));
    else if (arg.startsWith('--compare')) compare = value();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(usage);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${usage}`);
  }
  for (const name of only) if (!(name in workloads)) throw new Error(`unknown workload ${name}`);
  return { quick, only, reps, compare };
}

const args = parseArgs(process.argv.slice(2));
// Read before the run, so that a wrong path fails at once and not after an hour.
const previous = args.compare === undefined ? undefined : readFileSync(args.compare, 'utf8');
const started = now();
const machine = describeMachine();
const results = new Results();
const sizes = args.quick ? quickSizes : fullSizes;
const log = (message: string): void => {
  process.stderr.write(`[${((now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
};
const tmp = mkdtempSync(join(tmpdir(), 'factum-bench-'));
let postgres: BenchPostgres | undefined;
if (args.only.some((w) => needsPostgres.has(w))) {
  try {
    postgres = await benchPostgres();
    log(`PostgreSQL: ${postgres.description}`);
  } catch (error) {
    log(`no PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
  }
}
const mode = args.quick
  ? `--quick (shrunk sizes: W1 ${sizes.w1Transactions} tx, W2 ${sizes.w2Transactions[1]}/${sizes.w2Transactions[8]}/${sizes.w2Transactions[32]} tx at 1/8/32 callers, W3 ${sizes.w3Facts.sqlite} facts on SQLite / ${sizes.w3Facts.postgres} on PostgreSQL, W4 ${sizes.w4Seconds} s, W5 ${sizes.w5Acts} acts, W6 at ${sizes.w6Sizes.join(' / ')} facts)`
  : 'full sizes';
log(`mode: ${mode}; ${args.reps} repetitions; workloads ${args.only.join(',')}`);
const context: BenchContext = {
  quick: args.quick,
  reps: args.reps,
  sizes,
  tmp,
  pgUrl: postgres?.url,
  results,
  log,
};
try {
  for (const name of args.only) {
    const run = workloads[name];
    if (run === undefined) continue;
    log(`--- ${name}`);
    try {
      await run(context);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`${name} failed: ${message}`);
      results.note(`${name} failed: ${message.split('\n')[0] ?? ''}`);
    }
  }
} finally {
  await postgres?.close();
  rmSync(tmp, { recursive: true, force: true });
}
const seconds = (now() - started) / 1000;
process.stdout.write(`\nFactum benchmark, ${mode}, ${seconds.toFixed(0)} s\n\n`);
process.stdout.write(textTable(results));
process.stdout.write(`\n${textTargets(results)}`);
if (previous !== undefined) {
  process.stdout.write(`\nCompared with ${args.compare ?? ''}:\n\n`);
  process.stdout.write(textComparison(results, parseResultsTable(previous)));
  process.stdout.write(`\n${textTargetComparison(results, parseTargetsTable(previous))}`);
}
if (args.only.length === Object.keys(workloads).length) {
  const file = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  const profiles = existsSync(file) ? profilesSection(readFileSync(file, 'utf8')) : undefined;
  const report = markdownReport(results, {
    date: new Date().toISOString(),
    machine,
    mode,
    postgres: postgres?.description ?? 'none',
    seconds,
  });
  writeFileSync(file, profiles === undefined ? report : `${report.trimEnd()}\n\n${profiles}\n`);
  process.stdout.write(`\nwritten: bench/RESULTS.md\n`);
} else {
  process.stdout.write('\nbench/RESULTS.md not written: run every workload to write it.\n');
}
// A handle left open by a driver or a server must not keep the finished run alive.
setTimeout(() => process.exit(), 2000).unref();
