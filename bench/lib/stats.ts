/** Timing and order statistics for the benchmarks: a monotonic clock, percentiles, medians. */

/** Milliseconds on a monotonic clock (impure: reads the clock). */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The p-th percentile (nearest rank) of an ascending array; NaN when empty (pure). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/** The median of some numbers; NaN when empty (pure). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** One repetition's outcome: how many operations in how long, and optionally each one's latency (ms). */
export interface RepOutcome {
  readonly count: number;
  readonly ms: number;
  readonly latencies?: ArrayLike<number>;
  /** Percentiles measured elsewhere (e.g. by autocannon), used when `latencies` is absent. */
  readonly p50?: number;
  readonly p99?: number;
  /** A workload-specific extra figure (e.g. peak RSS in MB), reported as its median. */
  readonly extra?: number;
}

/** The medians over repetitions: rate (count/s), p50 and p99 latency (ms), extra. */
export interface Summary {
  readonly rate: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  readonly extra: number | undefined;
  readonly rates: readonly number[];
  readonly reps: number;
}

/** Summarises repetitions by their medians (pure). */
export function summarise(outcomes: readonly RepOutcome[]): Summary {
  const lat = outcomes.map((o) => {
    if (o.latencies === undefined || o.latencies.length === 0) {
      return o.p50 === undefined || o.p99 === undefined ? undefined : { p50: o.p50, p99: o.p99 };
    }
    const sorted = Float64Array.from(o.latencies).sort();
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
  const p50s = lat.flatMap((l) => (l === undefined ? [] : [l.p50]));
  const p99s = lat.flatMap((l) => (l === undefined ? [] : [l.p99]));
  const extras = outcomes.flatMap((o) => (o.extra === undefined ? [] : [o.extra]));
  const rates = outcomes.map((o) => o.count / (o.ms / 1000));
  return {
    rate: median(rates),
    p50: p50s.length === 0 ? undefined : median(p50s),
    p99: p99s.length === 0 ? undefined : median(p99s),
    extra: extras.length === 0 ? undefined : median(extras),
    rates,
    reps: outcomes.length,
  };
}

/** Runs `total` operations over `concurrency` async workers, timing each (impure). */
export async function runConcurrent(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ ms: number; latencies: Float64Array }> {
  const latencies = new Float64Array(total);
  let next = 0;
  const start = now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next;
        next += 1;
        if (i >= total) return;
        const begin = now();
        await op(i);
        latencies[i] = now() - begin;
      }
    }),
  );
  return { ms: now() - start, latencies };
}
