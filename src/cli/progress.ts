/**
 * Progress of long work (rebuild, export, import): a bar on stderr when a person watches (stderr is a
 * terminal), otherwise a structured log line every few seconds, so logs of a scripted run stay readable.
 */
import cliProgress from 'cli-progress';
import type { Logger } from 'pino';

/** Reports how far a piece of work has come. */
export interface Progress {
  /** Sets the number of items done so far. */
  update(done: number): void;
  /** Ends the report (removes the bar, logs the total). */
  stop(): void;
}

export interface ProgressOptions {
  readonly label: string;
  /** Items expected; an estimate is fine (the bar clamps). */
  readonly total: number;
  readonly logger: Logger;
  /** Minimum time between two log lines when stderr is not a terminal (ms). */
  readonly logEveryMs?: number;
  /** Force the bar on or off; by default on exactly when stderr is a terminal. */
  readonly bar?: boolean;
}

/** Starts reporting progress: a bar on a terminal, periodic log lines otherwise (effectful). */
export function startProgress(options: ProgressOptions): Progress {
  const { label, logger } = options;
  let total = Math.max(options.total, 0);
  if (options.bar ?? process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      update(done) {
        if (done > total) {
          total = done;
          bar.setTotal(total);
        }
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  const every = options.logEveryMs ?? 2000;
  let last = Date.now();
  let current = 0;
  logger.info({ task: label, done: 0, total }, `${label}: started`);
  return {
    update(done) {
      current = done;
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      logger.info(
        { task: label, done, total: Math.max(total, done) },
        `${label}: ${done} of ~${total}`,
      );
    },
    stop() {
      logger.info({ task: label, done: current }, `${label}: done`);
    },
  };
}
