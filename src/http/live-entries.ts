/**
 * What the live feed sends for one event of the log: its Server-Sent Events frame, serialised once,
 * with what a client's visibility check needs. Built where the log is followed — in the server's
 * thread, or on the thread that runs the views, which hands the entries over as plain data.
 */
import type { JsonObject } from '../core/index.ts';
import { isFactEvent, toFact } from '../engine/fact-events.ts';
import { isLedgerEvent, ledgerEntryOf } from '../engine/ledger-events.ts';
import type { Checkpoint, RecordedEvent } from '../engine/ports/event-store.ts';
import type { OwnerResolver } from './owners.ts';

/** What deciding whether a client may see an event needs. */
export interface LiveVisibility {
  readonly kind: 'fact' | 'ledger';
  readonly owner: string | null;
  readonly transactionId: string | undefined;
  readonly correlationId: string | undefined;
}

/** One event as the live feed sends it. */
export interface LiveEntry extends LiveVisibility {
  readonly id: string;
  readonly checkpoint: Checkpoint;
  readonly frame: string;
  /** What a personal actor (a customer) gets instead, when it differs. */
  readonly restrictedFrame?: string;
}

/** A `views` frame: a projection committed a batch; clients that may see one of its facts re-read. */
export interface LiveViewsCommit {
  readonly frame: string;
  readonly visibility: readonly LiveVisibility[];
}

function frameOf(id: string, event: string, data: JsonObject): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The frames of an event on the live feed: the full one and, where it differs, a personal actor's (pure). */
function framesOf(event: RecordedEvent): Pick<LiveEntry, 'frame' | 'restrictedFrame'> | undefined {
  if (isFactEvent(event)) {
    return {
      frame: frameOf(event.checkpoint, 'fact', {
        ...(toFact(event) as unknown as JsonObject),
        position: event.position.toString(),
        version: event.version,
      }),
    };
  }
  if (isLedgerEvent(event)) {
    const entry = ledgerEntryOf(event);
    return {
      frame: frameOf(event.checkpoint, 'ledger', {
        ...(entry as unknown as JsonObject),
        type: event.type,
        position: event.position.toString(),
      }),
      restrictedFrame: frameOf(event.checkpoint, 'ledger', {
        ledger: entry.ledger,
        key: entry.key,
        position: event.position.toString(),
      }),
    };
  }
  return undefined;
}

/** The live entry of an event, or undefined for events the feed does not send (impure: may read owners). */
export async function liveEntryOf(
  event: RecordedEvent,
  owners: OwnerResolver,
): Promise<LiveEntry | undefined> {
  const frames = framesOf(event);
  const visibility = frames === undefined ? undefined : await liveVisibilityOf(event, owners);
  if (frames === undefined || visibility === undefined) return undefined;
  return { id: event.id, checkpoint: event.checkpoint, ...visibility, ...frames };
}

/** Who may see an event on the live feed, without framing it (impure: may read owners). */
export async function liveVisibilityOf(
  event: RecordedEvent,
  owners: OwnerResolver,
): Promise<LiveVisibility | undefined> {
  if (isFactEvent(event)) {
    const fact = toFact(event);
    return {
      kind: 'fact',
      owner: await owners.ownerOfFact(fact, event.version),
      transactionId: fact.transactionId,
      correlationId: fact.correlationId,
    };
  }
  if (isLedgerEvent(event))
    return { kind: 'ledger', owner: null, transactionId: undefined, correlationId: undefined };
  return undefined;
}

/** The `views` frame of a committed batch and the visibility of its events (impure: may read owners). */
export async function liveViewsCommitOf(
  projection: string,
  events: readonly RecordedEvent[],
  owners: OwnerResolver,
): Promise<LiveViewsCommit | undefined> {
  const last = events.at(-1);
  if (last === undefined) return undefined;
  const frame = `event: views\ndata: ${JSON.stringify({ projection, position: last.position.toString(), checkpoint: last.checkpoint })}\n\n`;
  const visibility: LiveVisibility[] = [];
  for (const event of events) {
    const seen = await liveVisibilityOf(event, owners);
    if (seen !== undefined) visibility.push(seen);
  }
  return { frame, visibility };
}
