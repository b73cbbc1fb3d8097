/**
 * The API's answers about transactions as they travel: facts, rows of the built-in views, the acts
 * allowed now, agendas, proposals, ledgers and pages of them.
 */
import type { JsonObject, JsonValue as Json } from './json.ts';
import type { Act, Party, RevocableAct, Status } from './pattern.ts';
import type { Fact } from './fact.ts';
import type { FactRef } from './model-document.ts';

/** A page of rows. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  /** The cursor of the next page; absent on the last. */
  readonly nextCursor?: string;
}

/** A fact as read back from the log: where it stands in the log and in its stream. */
export interface RecordedFact extends Fact {
  readonly position: string;
  readonly version?: number;
}

/** A fact of the audit trail, with the status it led to. */
export interface AuditRow extends RecordedFact {
  readonly status: Status;
}

/** A pending revocation of a transaction. */
export interface PendingRevocation {
  readonly revokes: RevocableAct;
}

/** A row of the `transactions` view (or a transaction's state). */
export interface TransactionRow {
  readonly id: string;
  readonly kind: string;
  readonly kindName?: string;
  readonly status: Status;
  readonly version: number;
  readonly pendingRevocation: PendingRevocation | null;
  readonly parent: { readonly transactionId: string; readonly kind: string } | null;
  readonly correlationId: string | null;
  readonly terms: Json;
  readonly updatedAt: string | null;
  readonly createdAt?: string;
  readonly depth?: number;
  readonly initiator?: { readonly actor: string; readonly role: string } | null;
  readonly executor?: { readonly actor: string; readonly role: string } | null;
}

/** The answer of `GET /api/transactions/{id}`. */
export interface TransactionDetail {
  readonly transaction: TransactionRow;
  readonly facts: readonly RecordedFact[];
  readonly children: readonly TransactionRow[];
  readonly asOf?: string;
}

/** A fact an act waits for (a wait link not satisfied yet). */
export interface Awaited {
  readonly kind: string;
  readonly kindName?: string;
  readonly fact: string;
  readonly transactionId?: string;
  readonly status?: Status;
}

/** An act allowed now; with `waiting`, held back by wait links until those facts are in force. */
export interface AllowedAct {
  readonly act: Act;
  readonly revokes?: RevocableAct;
  readonly party?: Party;
  readonly role?: string;
  readonly waiting?: readonly Awaited[];
}

/** A child kind the caller may request under a transaction now (its response link is due). */
export interface Startable {
  readonly kind: string;
  readonly kindName?: string;
  readonly role: string;
  readonly executorRole?: string;
  readonly link?: { readonly from: FactRef; readonly cardinality?: string };
  readonly source?: string;
  readonly addressee?: string;
  readonly remaining?: number | null;
  readonly required?: boolean;
}

/** The answer of `GET /api/transactions/{id}/allowed`. */
export interface AllowedAnswer {
  readonly transactionId: string;
  readonly kind?: string;
  readonly status: Status;
  readonly version: number;
  readonly allowed: readonly AllowedAct[];
  readonly startable?: readonly Startable[];
}

/** An act an action rule in proposal mode offers to perform, once a person confirms it. */
export interface ProposedAct {
  readonly act: Act;
  readonly transactionId?: string;
  readonly revokes?: RevocableAct;
  readonly kind?: string;
  readonly parent?: string;
  readonly addressee?: string;
  readonly payload?: Json;
  readonly justification?: string;
}

/** A rule's proposal on an agenda row: what it would do, and why. */
export interface Proposal {
  /** The proposal's key: confirmed at `POST /api/proposals/{key}/confirm`, dismissed at `…/dismiss`. */
  readonly key?: string;
  readonly rule: string;
  readonly description?: string;
  readonly reasons?: readonly string[];
  readonly acts: readonly ProposedAct[];
}

/** A row of a role's agenda. */
export interface AgendaRow {
  readonly proposals?: readonly Proposal[];
  readonly transactionId: string;
  readonly kind: string;
  readonly kindName: string;
  readonly role: string;
  readonly party: Party;
  readonly status: Status;
  readonly pendingRevocation: PendingRevocation | null;
  readonly awaiting: string;
  readonly since: string;
  readonly acts: readonly AllowedAct[];
  readonly terms: Json;
  readonly parent: { readonly transactionId: string; readonly kind: string } | null;
}

/** A ledger balance. */
export interface LedgerRow {
  readonly ledger: string;
  readonly key: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** A rule run the agent gave up on. */
export interface ParkedRow {
  readonly key: string;
  readonly rule: string;
  readonly fact: Fact;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
}

/** The answer to an act. */
export interface ActAnswer {
  readonly transactionId: string;
  readonly kind: string | null;
  readonly status: Status;
  readonly version: number;
  /** True when the act's id (or `Idempotency-Key`) was seen before: nothing new was appended. */
  readonly duplicate: boolean;
  readonly facts: readonly Fact[];
  /** The transaction's state after the act. */
  readonly state: JsonObject;
  readonly allowed: readonly AllowedAct[];
}
