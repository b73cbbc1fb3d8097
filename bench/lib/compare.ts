/**
 * `--compare <previous RESULTS.md>`: reads the measurement table of an earlier run back and sets
 * this run's rows beside it, one line per workload row, with the change of the rate and of p99.
 */
import { formatNumber, type Results } from './results.ts';

/** A row of an earlier run, as its RESULTS.md table holds it. */
export interface PreviousRow {
  readonly workload: string;
  readonly scenario: string;
  readonly subject: string;
  /** The median rate, when the row had one. */
  readonly rate: number | undefined;
  readonly unit: string;
  readonly p99: number | undefined;
}

const number = (text: string): number | undefined => {
  const value = Number(text.replaceAll(',', ''));
  return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
};

/** A target check of an earlier run: what it measured against the target. */
export interface PreviousTarget {
  readonly workload: string;
  readonly target: string;
  readonly actual: string;
}

/** The cell rows of the markdown table whose header starts with `header` (pure). */
function tableCells(markdown: string, header: string): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith(header)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (!line.startsWith('|')) break;
    if (line.startsWith('|---')) continue;
    // A '|' inside a cell is written '\|'.
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replaceAll('\\|', '|')),
    );
  }
  return rows;
}

/** The target checks of a RESULTS.md (pure). */
export function parseTargetsTable(markdown: string): PreviousTarget[] {
  return tableCells(markdown, '| workload | target | this run |').flatMap(
    ([workload, target, actual]) =>
      workload === undefined || target === undefined || actual === undefined
        ? []
        : [{ workload, target, actual }],
  );
}

/** The rows of the measurement table of a RESULTS.md (pure). */
export function parseResultsTable(markdown: string): PreviousRow[] {
  const rows: PreviousRow[] = [];
  for (const cells of tableCells(markdown, '| workload | scenario | subject |')) {
    const [workload, scenario, subject, rateCell, , p99Cell] = cells;
    if (workload === undefined || scenario === undefined || subject === undefined) continue;
    const rate = /^([\d,.]+) (\S+)$/.exec(rateCell ?? '');
    rows.push({
      workload,
      scenario,
      subject,
      rate: rate === null ? undefined : number(rate[1] ?? ''),
      unit: rate?.[2] ?? '',
      p99: number(p99Cell ?? ''),
    });
  }
  return rows;
}

const change = (now: number, before: number): string => {
  const percent = ((now - before) / before) * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(0)}%`;
};

/** This run's target checks beside the same checks of an earlier run, as plain text (pure). */
export function textTargetComparison(
  results: Results,
  previous: readonly PreviousTarget[],
): string {
  return results.targets
    .map((check) => {
      const before = previous.find(
        (p) => p.workload === check.workload && p.target === check.target,
      );
      return `${check.workload}  ${check.target}: ${before?.actual ?? 'n/a'} → ${check.actual}`;
    })
    .join('\n')
    .concat('\n');
}

/**
 * This run's rows beside the same rows (workload, scenario, subject, unit) of an earlier run, as
 * plain text: rate before → now and its change, p99 before → now. Rows that share all four (W5's
 * two latencies, say) are paired in the order they were written (pure).
 */
export function textComparison(results: Results, previous: readonly PreviousRow[]): string {
  const lines = [
    'workload | scenario | subject | rate before → now | change | p99 ms before → now',
  ];
  const keyOf = (row: { workload: string; scenario: string; subject: string }, unit: string) =>
    [row.workload, row.scenario, row.subject, unit].join('\u0000');
  const seen = new Map<string, number>();
  let workload = '';
  for (const row of results.rows) {
    // A latency row (ms) has no rate, and its earlier cell no unit.
    const key = keyOf(row, row.unit === 'ms' ? '' : row.unit);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const before = previous.filter((p) => keyOf(p, p.unit) === key)[occurrence];
    if (row.workload !== workload && workload !== '') lines.push('');
    workload = row.workload;
    const rateNow = row.summary?.rate;
    const unit = row.unit === 'ms' ? '' : ` ${row.unit}`;
    const rate =
      row.unit === 'ms'
        ? '-'
        : `${before?.rate === undefined ? 'n/a' : formatNumber(before.rate)} → ${
            rateNow === undefined ? 'n/a' : formatNumber(rateNow)
          }${unit}`;
    const delta =
      before?.rate === undefined || rateNow === undefined || row.unit === 'ms'
        ? before === undefined
          ? 'new row'
          : '-'
        : change(rateNow, before.rate);
    const p99Now = row.summary?.p99;
    const p99 =
      before?.p99 === undefined && p99Now === undefined
        ? '-'
        : `${before?.p99?.toFixed(2) ?? 'n/a'} → ${p99Now?.toFixed(2) ?? 'n/a'}${
            before?.p99 !== undefined && p99Now !== undefined
              ? ` (${change(p99Now, before.p99)})`
              : ''
          }`;
    lines.push(`${row.workload} | ${row.scenario} | ${row.subject} | ${rate} | ${delta} | ${p99}`);
  }
  return lines.join('\n').concat('\n');
}
