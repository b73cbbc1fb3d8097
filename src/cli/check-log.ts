/**
 * At start, the log is held against the model: facts of a kind the model no longer has (or of a fact
 * type its kind does not name) could not be acted on, so a command refuses to run on them, naming
 * each with how many facts hold it, unless `--allow-unknown-facts` says to go on.
 */
import { Option } from 'commander';
import type { EventStore } from '../engine/ports/event-store.ts';
import { describeUnknownFacts, findUnknownFacts } from '../engine/unknown-facts.ts';
import type { Model } from '../model/model.ts';
import { exitCodes } from './exit-codes.ts';
import { complain } from './with-stores.ts';

/** Options of a command that checks the log against its model. */
export interface CheckLogOptions {
  readonly allowUnknownFacts?: boolean;
}

/** `--allow-unknown-facts`: run even when the log holds facts the model does not know. */
export function allowUnknownFactsOption(): Option {
  return new Option(
    '--allow-unknown-facts',
    'run even when the log holds facts of kinds or types the model does not know (they stay unreadable by acts)',
  );
}

/**
 * Checks the log against the model: undefined when it may go on, else the exit code (2) after
 * naming every unknown kind and fact on stderr (reads the whole log; effectful).
 */
export async function checkLogAgainstModel(
  model: Model,
  store: EventStore,
  options: CheckLogOptions,
): Promise<number | undefined> {
  const unknown = await findUnknownFacts(model, store);
  if (unknown.length === 0) return undefined;
  for (const line of describeUnknownFacts(unknown)) complain(line);
  if (options.allowUnknownFacts === true) {
    complain('going on (--allow-unknown-facts): those facts cannot be acted on.');
    return undefined;
  }
  complain(
    `the log holds facts the model '${model.name}' does not know; run with the model they were written with, or with --allow-unknown-facts (see docs/operations.md).`,
  );
  return exitCodes.invalidInput;
}
