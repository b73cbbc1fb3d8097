/** Renders the results: a plain-text table for the terminal and the markdown of bench/RESULTS.md. */
import { formatNumber, type Results, type Row, type TargetCheck } from './results.ts';

const header = [
  'workload',
  'scenario',
  'subject',
  'rate (median)',
  'p50 ms',
  'p99 ms',
  'extra',
  'reps',
  'what',
];

function cells(row: Row): string[] {
  const s = row.summary;
  const rate =
    s === undefined
      ? (row.unavailable ?? 'n/a')
      : row.unit === 'ms'
        ? '-'
        : `${formatNumber(s.rate)} ${row.unit}`;
  const ms = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(2));
  const extra =
    s?.extra === undefined ? '' : `${formatNumber(s.extra)} ${row.extraLabel ?? ''}`.trim();
  return [
    row.workload,
    row.scenario,
    row.subject,
    rate,
    ms(s?.p50),
    ms(s?.p99),
    extra,
    s === undefined ? '-' : String(s.reps),
    row.what,
  ];
}

function mark(check: TargetCheck): string {
  return check.met === undefined ? 'n/a' : check.met ? 'met' : 'NOT met';
}

/** The rows as an aligned plain-text table (pure). */
export function textTable(results: Results): string {
  const rows = [header, ...results.rows.map(cells)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => c.padEnd(i === 8 ? 0 : (widths[i] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)]
    .join('\n')
    .concat('\n');
}

/** The target checks as plain-text lines (pure). */
export function textTargets(results: Results): string {
  return results.targets
    .map((t) => `${t.workload}  ${t.target}: ${t.actual}  [${mark(t)}]`)
    .join('\n')
    .concat('\n');
}

const escape = (text: string): string => text.replaceAll('|', '\\|');

/** The whole results file as markdown (pure). */
export function markdownReport(
  results: Results,
  meta: {
    readonly date: string;
    readonly machine: readonly string[];
    readonly mode: string;
    readonly postgres: string;
    readonly seconds: number;
  },
): string {
  const table = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i >= 3 && i <= 7 ? '---:' : '---')).join('|')}|`,
    ...results.rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
  ];
  const targets = [
    '| workload | target | this run | |',
    '|---|---|---|---|',
    ...results.targets.map(
      (t) => `| ${t.workload} | ${escape(t.target)} | ${escape(t.actual)} | ${mark(t)} |`,
    ),
  ];
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); never part of `npm test`. Each row is the median of',
    'the repetitions (p50/p99: medians of each repetition’s percentiles). Factum, the raw driver',
    'limit and Emmett ran in the same process run, one workload at a time; read the ratios, as',
    'absolute numbers drift from machine to machine.',
    '',
    `- date: ${meta.date}`,
    `- mode: ${meta.mode}`,
    `- PostgreSQL: ${meta.postgres}`,
    `- run time: ${meta.seconds.toFixed(0)} s`,
    ...meta.machine.map((line) => `- ${line}`),
    '',
    '## Measurements',
    '',
    ...table,
    '',
    '## Targets (from the issue)',
    '',
    ...targets,
    '',
    ...(results.notes.length === 0
      ? []
      : ['## Notes', '', ...results.notes.map((n) => `- ${n}`), '']),
  ].join('\n');
}

/**
 * The `## Profiles` section of an earlier RESULTS.md, kept across runs: the profiles are taken and
 * summarised by hand (bench/profile-w4.ts), not by the run (pure).
 */
export function profilesSection(markdown: string): string | undefined {
  const start = markdown.indexOf('\n## Profiles');
  if (start < 0) return undefined;
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start + 1, next < 0 ? undefined : next).trimEnd();
}
