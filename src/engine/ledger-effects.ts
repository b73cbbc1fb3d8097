/**
 * Ledger streams in the log: reading a key's balance, the stream part of a movement the act plan
 * decided (appended atomically with the fact), and quantities received.
 */
import type { Fact, PlannedMovement } from '../core/index.ts';
import type { LedgerDefinition } from '../model/ledger-definition.ts';
import {
  applyMovement,
  emptyBalance,
  ledgerEntryOf,
  ledgerEventData,
  ledgerStreamId,
  type LedgerBalance,
} from './ledger-events.ts';
import type { EventStore, StreamAppend } from './ports/event-store.ts';

/** Reads a ledger key's balance and stream version straight from the log. */
export async function readLedger(
  store: EventStore,
  ledger: string,
  key: string,
): Promise<{ balance: LedgerBalance; version: number }> {
  const events = await store.readStream(ledgerStreamId(ledger, key));
  let balance = emptyBalance;
  for (const event of events) balance = applyMovement(balance, ledgerEntryOf(event));
  return { balance, version: events.length };
}

/**
 * The stream part of one planned ledger movement, appended with the act's fact: a reservation
 * against the key's version it was decided on, the other movements at any version (pure).
 */
export function movementPart(
  ledgers: readonly LedgerDefinition[],
  fact: Fact,
  planned: PlannedMovement,
): StreamAppend {
  const businessName =
    ledgers.find((l) => l.name === planned.ledger)?.businessName ?? planned.ledger;
  return {
    streamId: ledgerStreamId(planned.ledger, planned.key),
    expectedVersion:
      planned.expectedVersion === undefined
        ? 'any'
        : planned.expectedVersion === 0
          ? 'no_stream'
          : planned.expectedVersion,
    events: planned.movements.map((movement) => ({
      id: `${fact.actId}:${planned.ledger}:${planned.key}:${movement}`,
      type: `${businessName}${movement}`,
      data: ledgerEventData({
        ledger: planned.ledger,
        key: planned.key,
        movement,
        amount: planned.amount,
        transactionId: fact.transactionId,
      }),
      // The fact's time, so a read as of a time moves the ledger with the fact that moved it.
      metadata: { time: fact.time },
    })),
    metadata: { kind: `ledger:${planned.ledger}` },
  };
}

/** Appends stock (or any ledger quantity) received; idempotent by `id`. */
export async function receiveIntoLedger(
  store: EventStore,
  ledgers: readonly LedgerDefinition[],
  entry: {
    readonly ledger: string;
    readonly key: string;
    readonly amount: number;
    readonly id: string;
  },
): Promise<void> {
  const businessName = ledgers.find((l) => l.name === entry.ledger)?.businessName ?? entry.ledger;
  await store.append(
    {
      streamId: ledgerStreamId(entry.ledger, entry.key),
      expectedVersion: 'any',
      events: [
        {
          id: entry.id,
          type: `${businessName}Received`,
          data: ledgerEventData({
            ledger: entry.ledger,
            key: entry.key,
            movement: 'Received',
            amount: entry.amount,
          }),
        },
      ],
      metadata: { kind: `ledger:${entry.ledger}` },
    },
    { idempotencyKey: entry.id },
  );
}
