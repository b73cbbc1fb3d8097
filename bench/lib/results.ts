/** What the workloads report: measured rows (Factum, the raw limit, Emmett, a bare route) and targets. */
import type { Summary } from './stats.ts';

/** Who was measured: Factum, the raw driver limit, Emmett, or a bare route of the same framework. */
export type Subject = 'factum' | 'limit' | 'emmett' | 'bare';

/** One measured line of the table. */
export interface Row {
  readonly workload: string;
  /** The case within the workload, e.g. `SQLite, 32 callers`. */
  readonly scenario: string;
  readonly subject: Subject;
  /** What exactly was measured. */
  readonly what: string;
  /** Unit of the rate: acts/s, events/s, facts/s, req/s; `ms` rows carry latencies only. */
  readonly unit: string;
  readonly summary?: Summary;
  /** Label of `summary.extra` (e.g. `peak RSS MB`). */
  readonly extraLabel?: string;
  /** Why there is no measurement (e.g. Emmett not installed). */
  readonly unavailable?: string;
}

/** A target of the issue, checked against this run. */
export interface TargetCheck {
  readonly workload: string;
  readonly target: string;
  readonly actual: string;
  /** undefined: could not be checked in this run (a side is missing). */
  readonly met: boolean | undefined;
}

/** Collects rows and target checks in run order. */
export class Results {
  readonly rows: Row[] = [];
  readonly targets: TargetCheck[] = [];
  readonly notes: string[] = [];

  add(row: Row): Row {
    this.rows.push(row);
    return row;
  }

  check(check: TargetCheck): void {
    this.targets.push(check);
    const mark = check.met === undefined ? 'n/a' : check.met ? 'MET' : 'NOT MET';
    process.stdout.write(
      `  target ${check.workload}: ${check.target} -> ${check.actual} [${mark}]\n`,
    );
  }

  note(text: string): void {
    this.notes.push(text);
  }
}

/** A ratio check a / b ≥ min, undefined when a side is missing (pure). */
export function ratioCheck(
  workload: string,
  target: string,
  a: Row | undefined,
  b: Row | undefined,
  min: number,
  metric: (s: Summary) => number | undefined = (s) => s.rate,
): TargetCheck {
  const x = a?.summary === undefined ? undefined : metric(a.summary);
  const y = b?.summary === undefined ? undefined : metric(b.summary);
  if (x === undefined || y === undefined || y === 0) {
    const missing = b?.unavailable ?? a?.unavailable ?? 'not measured';
    return {
      workload,
      target,
      actual: missing.startsWith('n/a') ? missing : `n/a (${missing})`,
      met: undefined,
    };
  }
  const ratio = x / y;
  return { workload, target, actual: formatRatio(ratio), met: ratio >= min };
}

/** A bound check value ≤ max or ≥ min (pure). */
export function boundCheck(
  workload: string,
  target: string,
  value: number | undefined,
  bound: { readonly max?: number; readonly min?: number },
  unit: string,
): TargetCheck {
  if (value === undefined || Number.isNaN(value))
    return { workload, target, actual: 'n/a', met: undefined };
  const met =
    (bound.max === undefined || value <= bound.max) &&
    (bound.min === undefined || value >= bound.min);
  return { workload, target, actual: `${formatNumber(value)} ${unit}`, met };
}

/** A ratio as `0.42× (42%)` (pure). */
export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}× (${(ratio * 100).toFixed(0)}%)`;
}

/** A number with thousands separators, or two decimals when small (pure). */
export function formatNumber(x: number): string {
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}
