/** `?asOf=`: a past moment as the HTTP API takes it; what it means lives in `engine/as-of.ts`. */
import { parseAsOf as parseAsOfText, type AsOf } from '../engine/as-of.ts';
import { fail } from './problem.ts';

/** Parses `?asOf=`: a position or an ISO time; a 400 problem for anything else. */
export function parseAsOf(text: string): AsOf {
  const asOf = parseAsOfText(text);
  if (asOf === undefined) {
    fail(400, 'InvalidAsOf', '`asOf` must be a log position (digits) or an ISO 8601 time.');
  }
  return asOf;
}
