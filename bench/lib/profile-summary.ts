/**
 * Where a CPU profile's milliseconds went, grouped by what the code does (append, views, agents,
 * perform, HTTP… for a served request; a caller may give its own groups): each sample goes to the
 * first group, in the order given, that a frame of its stack belongs to. Idle time is left out.
 */

/** The parts of a V8 CPU profile (`Profiler.stop`, `--cpu-prof`) this reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A frame of a sample's stack: the script's URL and the function's name. */
export interface Frame {
  readonly url: string;
  readonly name: string;
}

/** A group's label and whether a frame belongs to it; the first group a frame of a stack belongs to wins. */
export type ProfileGroups = readonly (readonly [string, (frame: Frame) => boolean])[];

/** The groups of a served request (W4). */
export const requestGroups: ProfileGroups = [
  [
    'append: log write and sync',
    (f) =>
      /stores\/(sqlite|postgres)\/.*event-store|group-commit|plan-appends/.test(f.url) &&
      /append|Append|insert|Insert/.test(f.name),
  ],
  [
    'views: projection fold and view commit',
    (f) => /engine\/views\/|view-store|view-row/.test(f.url),
  ],
  ['agents: action rules', (f) => /engine\/agents\/|engine\/rules\//.test(f.url)],
  ['live feed: entries, frames, SSE', (f) => /sse-hub|live-entries|http\/owners/.test(f.url)],
  ['leases', (f) => /lease/.test(f.url)],
  [
    'log reads of subscriptions',
    (f) => /polling-subscription|postgres-subscription|fenced-subscription/.test(f.url),
  ],
  [
    'hand-off to the worker thread',
    (f) => /app\/runners-|node:internal\/worker/.test(f.url) || f.name === 'postMessage',
  ],
  ['bearer token (jose)', (f) => /http\/auth\.ts|node_modules\/jose/.test(f.url)],
  ['request body JSON parse', (f) => /json-body|secure-json-parse/.test(f.url)],
  [
    'perform: load, plan, validate, decide',
    (f) => /src\/core\/|src\/model\/|src\/engine\/|node_modules\/(zod|@opentelemetry)/.test(f.url),
  ],
  ['store reads (loads)', (f) => /src\/stores\/|better-sqlite3|node_modules\/pg/.test(f.url)],
  ['routes, problems, hooks', (f) => /src\/http\//.test(f.url)],
  [
    'Fastify: routing, validation, serialisation',
    (f) => /node_modules\/(fastify|@fastify|ajv|fast-json-stringify|find-my-way|avvio)/.test(f.url),
  ],
  [
    'Node HTTP and sockets',
    (f) =>
      /node:_http|node:net|node:internal\/(streams|stream_base|http)|node:events/.test(f.url) ||
      /^(writev|writeBuffer|writeUtf8String)$/.test(f.name),
  ],
];

/** How the table is grouped and what its last column counts per. */
export interface SummaryOptions {
  readonly groups?: ProfileGroups;
  /** What `count` counts, for the last column (default `request`). */
  readonly unit?: string;
  /** The last column in milliseconds (default) or microseconds per unit. */
  readonly perUnit?: 'ms' | 'µs';
}

/** A markdown table of busy ms per group, share and time per unit of `count` (pure). */
export function summariseProfile(
  profile: CpuProfile,
  count: number,
  options: SummaryOptions = {},
): string {
  const groups = options.groups ?? requestGroups;
  const unit = options.unit ?? 'request';
  const scale = options.perUnit === 'µs' ? 1 : 1000;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((sample, index) => {
    const us = profile.timeDeltas[index + 1] ?? 0;
    const leaf = byId.get(sample)?.callFrame;
    if (leaf === undefined || leaf.functionName === '(idle)') return;
    busy += us;
    const stack: Frame[] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (frame !== undefined) stack.push({ url: frame.url, name: frame.functionName });
    }
    const group =
      leaf.functionName === '(garbage collector)'
        ? 'garbage collection'
        : (groups.find(([, test]) => stack.some(test))?.[0] ?? 'other (V8, timers, child I/O)');
    totals.set(group, (totals.get(group) ?? 0) + us);
  });
  const rows = [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([group, us]) =>
        `| ${group} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)}% | ${(us / scale / count).toFixed(3)} |`,
    );
  return [
    `busy ${(busy / 1000).toFixed(0)} ms over ${count} ${unit}s`,
    '',
    `| group | ms | share | ${options.perUnit ?? 'ms'} per ${unit} |`,
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
