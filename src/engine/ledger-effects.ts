/**
 * What an act does to the ledgers of the Fact Model: a reservation on the reserving act (refused
 * when not enough is available), a withdrawal on the consuming act, and the reverse when a
 * revocation rolls the transaction back past them. The parts are appended atomically with the fact.
 */
import {
  err,
  isInForce,
  ok,
  type Act,
  type Fact,
  type FactKind,
  type ProtocolError,
  type Result,
  type TransactionState,
} from '../core/index.ts';
import type { LedgerAmount, LedgerDefinition } from '../model/ledger-definition.ts';
import {
  applyMovement,
  emptyBalance,
  ledgerEntryOf,
  ledgerEventData,
  ledgerStreamId,
  type LedgerBalance,
  type LedgerMovement,
} from './ledger-events.ts';
import type { EventStore, StreamAppend } from './ports/event-store.ts';

const factOfAct: Partial<Record<Act, FactKind>> = {
  request: 'requested',
  promise: 'promised',
  execute: 'executed',
  declare: 'declared',
  accept: 'accepted',
};

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

/** Sums amounts per key, so an order with two lines of one sku reserves once (pure). */
function byKey(amounts: readonly LedgerAmount[]): LedgerAmount[] {
  const totals = new Map<string, number>();
  for (const { key, amount } of amounts) totals.set(key, (totals.get(key) ?? 0) + amount);
  return [...totals].map(([key, amount]) => ({ key, amount }));
}

function movementPart(
  ledger: LedgerDefinition,
  fact: Fact,
  amount: LedgerAmount,
  movements: readonly LedgerMovement[],
  expectedVersion: StreamAppend['expectedVersion'] = 'any',
): StreamAppend {
  return {
    streamId: ledgerStreamId(ledger.name, amount.key),
    expectedVersion,
    events: movements.map((movement) => ({
      id: `${fact.actId}:${ledger.name}:${amount.key}:${movement}`,
      type: `${ledger.businessName}${movement}`,
      data: ledgerEventData({
        ledger: ledger.name,
        key: amount.key,
        movement,
        amount: amount.amount,
        transactionId: fact.transactionId,
      }),
      // The fact's time, so a read as of a time moves the ledger with the fact that moved it.
      metadata: { time: fact.time },
    })),
    metadata: { kind: `ledger:${ledger.name}` },
  };
}

/** The ledger parts to append with an act's fact, or the refusal when a reservation cannot be met. */
export async function ledgerEffects(
  store: EventStore,
  ledgers: readonly LedgerDefinition[],
  fact: Fact,
  before: TransactionState,
  after: TransactionState,
  read: (ledger: string, key: string) => Promise<{ balance: LedgerBalance; version: number }> = (
    ledger,
    key,
  ) => readLedger(store, ledger, key),
): Promise<Result<StreamAppend[], ProtocolError>> {
  const parts: StreamAppend[] = [];
  for (const ledger of ledgers.filter((l) => l.kind === fact.kind)) {
    const amounts = byKey(ledger.amounts(after.terms));
    const held = factOfAct[ledger.reserveOn] ?? 'promised';
    const consumed =
      ledger.consumeOn === undefined ? undefined : (factOfAct[ledger.consumeOn] ?? 'executed');
    const isHeld = (s: TransactionState): boolean => isInForce(s.status, held);
    const isConsumed = (s: TransactionState): boolean =>
      consumed !== undefined && isInForce(s.status, consumed);
    if (fact.act === ledger.reserveOn && !isHeld(before) && isHeld(after)) {
      for (const amount of amounts) {
        const { balance, version } = await read(ledger.name, amount.key);
        if (balance.available < amount.amount) {
          return err({
            code: 'RuleRefused',
            rule: `ledger:${ledger.name}`,
            details: {
              ledger: ledger.name,
              key: amount.key,
              requested: amount.amount,
              available: balance.available,
            },
            message: `Not enough ${ledger.name} of ${amount.key}: ${amount.amount} requested, ${balance.available} available.`,
          });
        }
        parts.push(
          movementPart(ledger, fact, amount, ['Reserved'], version === 0 ? 'no_stream' : version),
        );
      }
      continue;
    }
    if (!isConsumed(before) && isConsumed(after)) {
      parts.push(...amounts.map((amount) => movementPart(ledger, fact, amount, ['Consumed'])));
      continue;
    }
    if (isConsumed(before) && !isConsumed(after)) {
      const movements: LedgerMovement[] = isHeld(after) ? ['Returned', 'Reserved'] : ['Returned'];
      parts.push(...amounts.map((amount) => movementPart(ledger, fact, amount, movements)));
      continue;
    }
    if (isHeld(before) && !isHeld(after) && !isConsumed(before)) {
      parts.push(...amounts.map((amount) => movementPart(ledger, fact, amount, ['Released'])));
    }
  }
  return ok(parts);
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
