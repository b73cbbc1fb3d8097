/** The events of a ledger stream and the balance they fold into. */
import type { JsonObject } from '../core/index.ts';
import type { LedgerBalance } from '../model/ledger-definition.ts';

export type { LedgerBalance };
import type { RecordedEvent } from './ports/event-store.ts';

/** What happened to a ledger's quantity. */
export type LedgerMovement = 'Received' | 'Reserved' | 'Released' | 'Consumed' | 'Returned';

export const ledgerMovements: readonly LedgerMovement[] = [
  'Received',
  'Reserved',
  'Released',
  'Consumed',
  'Returned',
];

/** The data of a ledger event. */
export interface LedgerEntry {
  readonly ledger: string;
  readonly key: string;
  readonly movement: LedgerMovement;
  readonly amount: number;
  readonly transactionId?: string;
}

/** The stream of one ledger key (pure). */
export function ledgerStreamId(ledger: string, key: string): string {
  return `ledger:${ledger}:${key}`;
}

/** True when an event is a ledger event (pure). */
export function isLedgerEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith('ledger:');
}

/** Reads a ledger entry from an event (pure). */
export function ledgerEntryOf(event: RecordedEvent): LedgerEntry {
  return event.data as unknown as LedgerEntry;
}

/** Builds a ledger entry's event data (pure). */
export function ledgerEventData(entry: LedgerEntry): JsonObject {
  return { ...entry };
}

/** Applies one movement to a balance (pure). */
export function applyMovement(
  balance: LedgerBalance,
  entry: Pick<LedgerEntry, 'movement' | 'amount'>,
): LedgerBalance {
  let { onHand, reserved } = balance;
  switch (entry.movement) {
    case 'Received':
    case 'Returned':
      onHand += entry.amount;
      break;
    case 'Reserved':
      reserved += entry.amount;
      break;
    case 'Released':
      reserved -= entry.amount;
      break;
    case 'Consumed':
      onHand -= entry.amount;
      reserved -= entry.amount;
      break;
  }
  return { onHand, reserved, available: onHand - reserved };
}

export const emptyBalance: LedgerBalance = { onHand: 0, reserved: 0, available: 0 };
