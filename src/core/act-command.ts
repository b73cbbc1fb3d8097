/** The input of `decide`: one act, by one performer, with everything time- and id-dependent given. */
import type { Act, RevocableAct } from './acts.ts';
import type { Performer, TransactionRef } from './fact.ts';
import type { JsonValue } from './json.ts';

/** Who performs which act on which transaction, when, and with what: the part every form of an act shares. */
export interface ActDetails {
  readonly actId: string;
  readonly transactionId: string;
  readonly act: Act;
  /** With `revoke` (required), `allow` and `refuse` (optional check): which act's revocation. */
  readonly revokes?: RevocableAct;
  readonly performer: Performer;
  /** On a request: the actor the request is addressed to (required when the executor role is personal). */
  readonly addressee?: string;
  readonly time: string;
  readonly operativeTime?: string;
  readonly justification?: string;
  readonly payload?: JsonValue;
  readonly correlationId?: string;
  readonly causationId?: string;
}

/** An act to perform on a transaction. `decide` is pure: the id and the time come in with the act. */
export interface ActCommand extends ActDetails {
  /** On the first request of a child transaction. */
  readonly parent?: TransactionRef;
}

/** How one party of a kind is filled: by the actor role, and whether each actor acts only for itself. */
export interface PartySpec {
  readonly role: string;
  /** A personal role binds the transaction to one actor (one customer); otherwise any actor of the role may act. */
  readonly personal: boolean;
}

/** What `decide` needs to know of a transaction kind (derived from the Cooperation Model). */
export interface TransactionKindSpec {
  readonly id: string;
  /** Business name, the prefix of every event type: `Order` → `OrderRequested`. */
  readonly name: string;
  readonly initiator: PartySpec;
  readonly executor: PartySpec;
  /** The product kind's formulation, e.g. `[order] is paid`, for messages. */
  readonly product?: string;
  /** True when the kind has a product schema: execute must carry the product data. */
  readonly requiresProduct?: boolean;
  /** The entity type of the product's subject and where the request's terms name its instance. */
  readonly entity?: { readonly type: string; readonly key?: string };
}
