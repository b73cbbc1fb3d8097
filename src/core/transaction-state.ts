/** The state of one transaction, as folded from its facts. */
import type { Party, RevocableAct } from './acts.ts';
import type { JsonValue } from './json.ts';
import type { PartyBinding, TransactionRef } from './fact.ts';
import type { Status } from '../protocol/pattern.ts';

/** A revocation awaiting its answer: which act, by which party and actor, from which status. */
export interface PendingRevocation {
  readonly revokes: RevocableAct;
  readonly by: Party;
  readonly actor: string;
  readonly from: Status;
}

/** Everything `decide` needs to know about a transaction, and what views show of it. */
export interface TransactionState {
  readonly id: string | null;
  readonly kind: string | null;
  readonly status: Status;
  /** Number of facts folded: the stream version an append must expect. */
  readonly version: number;
  readonly pendingRevocation: PendingRevocation | null;
  readonly initiator: PartyBinding | null;
  readonly executor: PartyBinding | null;
  readonly parent: TransactionRef | null;
  readonly correlationId: string | null;
  /** The terms of the latest request. */
  readonly terms: JsonValue;
  /** The product data of the latest execute (the P-fact's content). */
  readonly product: JsonValue;
  /** Time of the last fact. */
  readonly updatedAt: string | null;
}

/** The state before any fact: status `initial`. */
export const initialTransactionState: TransactionState = {
  id: null,
  kind: null,
  status: 'initial',
  version: 0,
  pendingRevocation: null,
  initiator: null,
  executor: null,
  parent: null,
  correlationId: null,
  terms: null,
  product: null,
  updatedAt: null,
};
