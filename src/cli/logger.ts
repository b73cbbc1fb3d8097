/** The structured log of the `factum` command: pino, one JSON object per line on stderr. */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './cli-options.ts';

/** Creates a logger writing synchronously to stderr, so no line is lost when the command exits. */
export function createCliLogger(level: LogLevel): Logger {
  return pino(
    { name: 'factum', level, base: { pid: process.pid } },
    pino.destination({ fd: 2, sync: true }),
  );
}
