/** What every workload gets: the run's mode and sizes, where to put files, PostgreSQL, the results. */
import type { Results } from './results.ts';

/** Sizes of the workloads; `--quick` shrinks them. */
export interface Sizes {
  /** W1: transactions (5 acts each) per repetition. */
  readonly w1Transactions: number;
  /** W1 limit: events appended by raw better-sqlite3 in batches of 100. */
  readonly rawSqliteEvents: number;
  /** W2: transactions per repetition at 1, 8 and 32 callers. */
  readonly w2Transactions: { readonly 1: number; readonly 8: number; readonly 32: number };
  /** W2 limit: single-row inserts per repetition. */
  readonly rawPgInserts: number;
  /** Emmett command-handler commands per repetition. */
  readonly emmettCommands: number;
  /** W3: facts in the log to rebuild the views from, per store. */
  readonly w3Facts: { readonly sqlite: number; readonly postgres: number };
  /** W4: seconds of load per repetition. */
  readonly w4Seconds: number;
  /** W5: acts whose live latency is measured per repetition. */
  readonly w5Acts: number;
  /** W6: facts already in the log. */
  readonly w6Sizes: readonly number[];
  /** W6: transactions per repetition of the act round trip at each size. */
  readonly w6Transactions: number;
}

/** The full sizes, as the issue asks. */
export const fullSizes: Sizes = {
  w1Transactions: 2000,
  rawSqliteEvents: 100_000,
  w2Transactions: { 1: 300, 8: 600, 32: 1000 },
  rawPgInserts: 10_000,
  emmettCommands: 5000,
  w3Facts: { sqlite: 1_000_000, postgres: 1_000_000 },
  w4Seconds: 10,
  w5Acts: 500,
  w6Sizes: [10_000, 100_000, 1_000_000],
  w6Transactions: 1000,
};

/** The `--quick` sizes: the whole run in under two minutes. */
export const quickSizes: Sizes = {
  w1Transactions: 300,
  rawSqliteEvents: 20_000,
  w2Transactions: { 1: 30, 8: 80, 32: 128 },
  rawPgInserts: 2000,
  emmettCommands: 1000,
  w3Facts: { sqlite: 15_000, postgres: 5000 },
  w4Seconds: 2,
  w5Acts: 100,
  w6Sizes: [2000, 10_000],
  w6Transactions: 200,
};

/** What a workload runs with. */
export interface BenchContext {
  readonly quick: boolean;
  readonly reps: number;
  readonly sizes: Sizes;
  /** A scratch folder for this run, removed at the end. */
  readonly tmp: string;
  /** PostgreSQL server URL (a database the benchmark may create schemas in), if any. */
  readonly pgUrl: string | undefined;
  readonly results: Results;
  log(message: string): void;
}
