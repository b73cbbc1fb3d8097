/** What a caller of `perform` gives: the act, who performs it, on which transaction, with what. */
import type { JsonValue, Performer } from '../core/index.ts';

/** An act to perform through the engine. Names are checked against the model; `state` means `declare`. */
export interface PerformInput {
  /** The act's id; re-sending it performs nothing and returns the original outcome. Generated when absent. */
  readonly actId?: string;
  /** The transaction; absent on a request that starts a new transaction (an id is generated). */
  readonly transactionId?: string;
  /** The transaction kind; required on a request that starts a transaction. */
  readonly kind?: string;
  readonly act: string;
  /** With revoke / allow / refuse: `request`, `promise`, `declare` (or `state`), `accept`. */
  readonly revokes?: string;
  readonly performer: Performer;
  /** On a request: the actor addressed (required when the executor role is personal). */
  readonly addressee?: string;
  readonly payload?: JsonValue;
  readonly justification?: string;
  readonly operativeTime?: string;
  /** On a request that starts a child transaction: the parent's id. */
  readonly parent?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** The version the caller saw; a different current version is a conflict (no retry). */
  readonly expectedVersion?: number;
}
