/**
 * The coordination fact (C-fact) or production fact (P-fact) that an act creates: one event in the
 * transaction's stream. The same shape in the log, in the engine and on the wire.
 */
import type { JsonValue } from './json.ts';
import type { Act, FactKind, Party, RevocableAct } from './pattern.ts';

/** An actor acting in an actor role: who performed an act. */
export interface Performer {
  readonly actor: string;
  readonly role: string;
}

/** One party of a transaction: the actor role, and the actor when the role is filled personally. */
export interface PartyBinding {
  readonly role: string;
  /** Set when only this actor may act for the party (e.g. one customer of an environmental role). */
  readonly actor?: string;
}

/** Points to a transaction: its id and the id of its transaction kind. */
export interface TransactionRef {
  readonly transactionId: string;
  readonly kind: string;
}

/** A fact in a transaction's stream, as Factum records it. */
export interface Fact {
  /** Business event type: the kind's business name plus the fact, e.g. `OrderPromised`. */
  readonly type: string;
  readonly fact: FactKind;
  readonly act: Act;
  /** With `revoke`, `allow` and `refuse`: which act's revocation this is. */
  readonly revokes?: RevocableAct;
  readonly transactionId: string;
  readonly kind: string;
  readonly performer: Performer & { readonly party: Party };
  readonly addressee: PartyBinding & { readonly party: Party };
  /** When the act was performed (ISO 8601). */
  readonly time: string;
  /** When the fact should take effect, if not at once (ISO 8601). */
  readonly operativeTime?: string;
  /** Why: a decline, a reject, a refusal, a revocation. */
  readonly justification?: string;
  /** The request's terms, the product data on execute, or whatever the act carries. */
  readonly payload: JsonValue;
  /** The act's own id: re-sending it appends nothing. */
  readonly actId: string;
  /** The id shared by every fact of one business process (the root transaction's first act). */
  readonly correlationId: string;
  /** The id of the fact that led to this act, if any (e.g. a parent's `OrderPromised`). */
  readonly causationId?: string;
  /** On a request: who the transaction's parties are (a personal role binds its actor). */
  readonly parties?: { readonly initiator: PartyBinding; readonly executor: PartyBinding };
  /** On the first request of a child transaction: its parent. */
  readonly parent?: TransactionRef;
}
