/**
 * Ledgers of the Fact Model: quantities that acts draw on, such as stock. A ledger is kept as
 * events in the log, one stream per key (`ledger:stock:MUG-001`): received, reserved, released,
 * consumed, returned. The engine appends a reservation in the same atomic step as the act that needs
 * it, so under concurrent acts no more is ever reserved than is available.
 */
import type { Act, JsonValue } from '../core/index.ts';

/** One quantity an act draws from a ledger. */
export interface LedgerAmount {
  readonly key: string;
  readonly amount: number;
}

/** A ledger key's balance: on hand, reserved by promises, and what is left to reserve. */
export interface LedgerBalance {
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** A ledger: what it counts, which act reserves, and the act that consumes the reservation. */
export interface LedgerDefinition {
  /** Lower-case name, the middle of its stream ids: `stock` → `ledger:stock:<key>`. */
  readonly name: string;
  /** Business name, the prefix of its event types: `Stock` → `StockReserved`. */
  readonly businessName: string;
  readonly entityType?: string;
  readonly description?: string;
  /** The kind whose transactions draw on the ledger. */
  readonly kind: string;
  /** The act that reserves (e.g. `promise`): refused when not enough is available. */
  readonly reserveOn: Act;
  /** The act that turns the reservation into a withdrawal (e.g. `execute`: the goods leave). */
  readonly consumeOn?: Act;
  /**
   * The act whose fact gives the reservation back (e.g. `execute` of a rental: the car is back in
   * the fleet); a revocation past it holds it again. Not together with `consumeOn`.
   */
  readonly releaseOn?: Act;
  /** The amounts a transaction draws, from its request's terms (pure). */
  readonly amounts: (terms: JsonValue) => readonly LedgerAmount[];
}
