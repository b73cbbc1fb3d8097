/**
 * What `inbound retry` and `parked retry` share: one parked item named, or `--all`, each retried in
 * turn with a line saying how it went, and exit 1 when any failed again.
 */
import { exitCodes } from './exit-codes.ts';
import { complain } from './with-stores.ts';

/** How one retry went: whether it failed again, and the words after `retried <id>: `. */
export interface RetryOutcome {
  readonly failed: boolean;
  readonly said: string;
}

/**
 * Whether exactly one of a parked item's id and `--all` is given; complains when not (`what` names
 * the id, like "parked run's key").
 */
export function oneOrAll(id: string | undefined, all: boolean | undefined, what: string): boolean {
  if ((id === undefined) === (all !== true)) {
    complain(`name one ${what}, or --all (not both).`);
    return false;
  }
  return true;
}

/**
 * Retries each id in turn and prints `retried <id>: <what it said>`, or `nothing` when there is
 * none; exit 1 when any failed again, else 0 (impure).
 */
export async function retryEach(
  ids: readonly string[],
  nothing: string,
  retry: (id: string) => Promise<RetryOutcome>,
): Promise<number> {
  let failures = 0;
  for (const id of ids) {
    const outcome = await retry(id);
    if (outcome.failed) failures += 1;
    process.stdout.write(`retried ${id}: ${outcome.said}\n`);
  }
  if (ids.length === 0) process.stdout.write(`${nothing}\n`);
  return failures > 0 ? exitCodes.failed : exitCodes.ok;
}
