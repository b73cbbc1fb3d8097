/**
 * What an act does to the ledgers of the Fact Model, decided purely: a reservation on the reserving
 * act (refused when not enough is available), a withdrawal on the consuming act, and the reverse
 * when a revocation rolls the transaction back past them. The engine appends the movements
 * atomically with the fact, a reservation against the ledger key's version it was decided on.
 */
import type { Act } from './acts.ts';
import type { Fact } from './fact.ts';
import { isInForce } from './facts-in-force.ts';
import type { JsonValue } from './json.ts';
import type { ProtocolError } from './protocol-error.ts';
import { err, ok, type Result } from './result.ts';
import type { TransactionState } from './transaction-state.ts';
import type { FactKind } from './transaction-pattern.ts';

/** What the plan needs of a ledger definition: its kind, its acts and the amounts of a transaction. */
export interface LedgerRule {
  readonly name: string;
  readonly kind: string;
  readonly reserveOn: Act;
  readonly consumeOn?: Act;
  /** The act whose fact gives the reservation back (a car returned to the fleet). */
  readonly releaseOn?: Act;
  /** The amounts a transaction draws, from its request's terms. */
  readonly amounts: (
    terms: JsonValue,
  ) => readonly { readonly key: string; readonly amount: number }[];
}

/** A ledger key as read for the plan: what is available and the stream version it was read at. */
export interface LedgerPosition {
  readonly available: number;
  readonly version: number;
}

/** A movement on a ledger key: a reservation is appended against the version it was decided on. */
export interface PlannedMovement {
  readonly ledger: string;
  readonly key: string;
  readonly amount: number;
  readonly movements: readonly ('Reserved' | 'Released' | 'Consumed' | 'Returned')[];
  /** Set on a reservation: the key's version the availability was read at. */
  readonly expectedVersion?: number;
}

const factOfAct: Partial<Record<Act, FactKind>> = {
  request: 'requested',
  promise: 'promised',
  execute: 'executed',
  declare: 'declared',
  accept: 'accepted',
};

/** The key under which a ledger position is looked up (pure). */
export function ledgerKey(ledger: string, key: string): string {
  return `${ledger}\u0000${key}`;
}

/** Sums amounts per key, so an order with two lines of one sku reserves once (pure). */
function byKey(
  amounts: readonly { readonly key: string; readonly amount: number }[],
): { key: string; amount: number }[] {
  const totals = new Map<string, number>();
  for (const { key, amount } of amounts) totals.set(key, (totals.get(key) ?? 0) + amount);
  return [...totals].map(([key, amount]) => ({ key, amount }));
}

/** The ledger keys whose availability an act on a transaction may need to read (pure). */
export function ledgerKeysToRead(
  ledgers: readonly LedgerRule[],
  kind: string,
  act: Act,
  terms: JsonValue,
): readonly { readonly ledger: string; readonly key: string }[] {
  return ledgers
    .filter((l) => l.kind === kind && l.reserveOn === act)
    .flatMap((l) => byKey(l.amounts(terms)).map(({ key }) => ({ ledger: l.name, key })));
}

/** The ledger movements of a fact, or the refusal when a reservation cannot be met (pure). */
export function plannedMovements(
  ledgers: readonly LedgerRule[],
  fact: Fact,
  before: TransactionState,
  after: TransactionState,
  positions: ReadonlyMap<string, LedgerPosition>,
): Result<readonly PlannedMovement[], ProtocolError> {
  const planned: PlannedMovement[] = [];
  for (const ledger of ledgers.filter((l) => l.kind === fact.kind)) {
    const amounts = byKey(ledger.amounts(after.terms));
    const held = factOfAct[ledger.reserveOn] ?? 'promised';
    const consumed =
      ledger.consumeOn === undefined ? undefined : (factOfAct[ledger.consumeOn] ?? 'executed');
    const isHeld = (s: TransactionState): boolean => isInForce(s.status, held);
    const isConsumed = (s: TransactionState): boolean =>
      consumed !== undefined && isInForce(s.status, consumed);
    const released =
      ledger.releaseOn === undefined ? undefined : (factOfAct[ledger.releaseOn] ?? 'executed');
    const isReleased = (s: TransactionState): boolean =>
      released !== undefined && isInForce(s.status, released);
    const move = (movements: PlannedMovement['movements']): PlannedMovement[] =>
      amounts.map(({ key, amount }) => ({ ledger: ledger.name, key, amount, movements }));
    if (fact.act === ledger.reserveOn && !isHeld(before) && isHeld(after)) {
      for (const { key, amount } of amounts) {
        const position = positions.get(ledgerKey(ledger.name, key)) ?? {
          available: 0,
          version: 0,
        };
        if (position.available < amount) {
          return err({
            code: 'RuleRefused',
            rule: `ledger:${ledger.name}`,
            details: { ledger: ledger.name, key, requested: amount, available: position.available },
            message: `Not enough ${ledger.name} of ${key}: ${amount} requested, ${position.available} available.`,
          });
        }
        planned.push({
          ledger: ledger.name,
          key,
          amount,
          movements: ['Reserved'],
          expectedVersion: position.version,
        });
      }
      continue;
    }
    if (!isConsumed(before) && isConsumed(after)) planned.push(...move(['Consumed']));
    else if (isConsumed(before) && !isConsumed(after))
      planned.push(...move(isHeld(after) ? ['Returned', 'Reserved'] : ['Returned']));
    // Capacity that comes back (releaseOn): released when that fact comes into force, held again
    // when a revocation rolls the transaction back past it.
    else if (!isReleased(before) && isReleased(after) && isHeld(before))
      planned.push(...move(['Released']));
    else if (isReleased(before) && !isReleased(after)) {
      if (isHeld(after)) planned.push(...move(['Reserved']));
    } else if (isHeld(before) && !isHeld(after) && !isConsumed(before) && !isReleased(before))
      planned.push(...move(['Released']));
  }
  return ok(planned);
}
