/** Runs a measurement the run's number of times and records its medians as a row. */
import type { BenchContext } from './context.ts';
import type { Row } from './results.ts';
import { summarise, type RepOutcome } from './stats.ts';
import { formatNumber } from './results.ts';

/** The row's identity and labels, without the measurement. */
export type RowLabel = Omit<Row, 'summary' | 'unavailable'>;

/**
 * Runs `rep` `context.reps` times (after `warmup` unrecorded runs), records the medians as a row and
 * returns it; a measurement given as a string is recorded as unavailable for that reason (impure).
 */
export async function measureRow(
  context: BenchContext,
  label: RowLabel,
  rep: ((r: number) => Promise<RepOutcome> | RepOutcome) | string,
  warmup = 0,
): Promise<Row> {
  if (typeof rep === 'string') {
    context.log(`${label.workload} ${label.subject} ${label.scenario}: ${rep}`);
    return context.results.add({ ...label, unavailable: rep });
  }
  for (let w = 0; w < warmup; w += 1) await rep(-1 - w);
  const outcomes: RepOutcome[] = [];
  for (let r = 0; r < context.reps; r += 1) {
    const outcome = await rep(r);
    outcomes.push(outcome);
    const figure =
      label.unit === 'ms'
        ? `${outcome.count} samples`
        : `${formatNumber(outcome.count / (outcome.ms / 1000))} ${label.unit}`;
    context.log(`${label.workload} ${label.subject} ${label.scenario} rep ${r + 1}: ${figure}`);
  }
  return context.results.add({ ...label, summary: summarise(outcomes) });
}

/** Runs a measurement that may throw; a failure is recorded as unavailable with its message (impure). */
export async function measureRowSafely(
  context: BenchContext,
  label: RowLabel,
  rep: ((r: number) => Promise<RepOutcome> | RepOutcome) | string,
  warmup = 0,
): Promise<Row> {
  try {
    return await measureRow(context, label, rep, warmup);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log(`${label.workload} ${label.subject} ${label.scenario} failed: ${message}`);
    return context.results.add({ ...label, unavailable: `failed: ${message.slice(0, 120)}` });
  }
}
