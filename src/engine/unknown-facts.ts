/**
 * Holds the log against the model: facts of a transaction kind the model no longer has, or of a
 * fact type its kind does not name (a kind renamed, a business name changed). Such facts cannot be
 * acted on (the engine would answer "does not exist"), so a process refuses to start on them unless
 * told to go on: the ground for model versions and migrations.
 */
import { factKindOf } from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { isFactEvent } from './fact-events.ts';
import type { EventStore, RecordedEvent } from './ports/event-store.ts';

/** Facts the model does not know, by transaction kind and event type, with how many there are. */
export interface UnknownFacts {
  readonly kind: string;
  /** False when the model has no such transaction kind at all. */
  readonly kindKnown: boolean;
  readonly type: string;
  readonly count: number;
}

type Tally = Map<string, { kind: string; kindKnown: boolean; type: string; count: number }>;

/** Counts one event into the tally when it is a fact the model does not know (pure but for the tally). */
function count(model: Model, event: RecordedEvent, tally: Tally): void {
  if (!isFactEvent(event)) return;
  const recorded = (event.data as { kind?: unknown }).kind;
  const kind = typeof recorded === 'string' ? recorded : '?';
  const spec = Object.hasOwn(model.transactionKinds, kind)
    ? model.transactionKinds[kind]
    : undefined;
  if (spec !== undefined && factKindOf(spec.name, event.type) !== undefined) return;
  const key = `${kind}\u0000${event.type}`;
  const seen = tally.get(key);
  if (seen === undefined)
    tally.set(key, { kind, kindKnown: spec !== undefined, type: event.type, count: 1 });
  else seen.count += 1;
}

function sorted(tally: Tally): readonly UnknownFacts[] {
  return [...tally.values()].sort((a, b) =>
    a.kind === b.kind ? a.type.localeCompare(b.type) : a.kind.localeCompare(b.kind),
  );
}

/** Reads the whole log and counts the facts the model does not know (reads the store). */
export async function findUnknownFacts(
  model: Model,
  store: EventStore,
): Promise<readonly UnknownFacts[]> {
  const tally: Tally = new Map();
  for await (const event of store.readAll({ batchSize: 1000 })) count(model, event, tally);
  return sorted(tally);
}

/** One line per unknown kind or fact type, saying how many facts hold it (pure). */
export function describeUnknownFacts(unknown: readonly UnknownFacts[]): string[] {
  return unknown.map((u) =>
    u.kindKnown
      ? `fact '${u.type}' is not a fact of kind ${u.kind} in the model: ${u.count} fact(s)`
      : `transaction kind '${u.kind}' is not in the model: ${u.count} fact(s) of type '${u.type}'`,
  );
}
