/**
 * The shapes of the API's answers as the dashboard reads them. Declared here, not imported: the
 * client knows the server only through HTTP.
 */

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** An `application/problem+json` answer. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title?: string;
  readonly detail?: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
  readonly [key: string]: unknown;
}

/** A page of rows. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** A role of `GET /api/demo/actors`. */
export interface DemoRole {
  readonly role: string;
  readonly name: string;
  readonly personal: boolean;
  readonly description?: string;
  readonly actors: readonly string[];
}

/** The answer of `POST /api/demo/session`. */
export interface DemoSession {
  readonly token: string;
  readonly actor: string;
  readonly roles: readonly string[];
  readonly expiresAt: string;
}

/** A JSON Schema, as far as the generated forms read it. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly Json[];
  readonly const?: Json;
  readonly default?: Json;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly format?: string;
}

/** An actor role of the model document. */
export interface RoleDoc {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
  readonly demoActors?: readonly string[];
  readonly personal: boolean;
}

/** A transaction kind of the model document. */
export interface KindDoc {
  readonly name: string;
  readonly label?: string;
  readonly product?: string;
  readonly entityType?: string;
  readonly initiator: string;
  readonly executor: string;
  readonly payload?: JsonSchema;
  readonly example?: Json;
  readonly description?: string;
}

/** A fact of a kind, as links name it. */
export interface FactRef {
  readonly kind: string;
  readonly fact: string;
}

/** An act of a kind, as links name it. */
export interface ActRef {
  readonly kind: string;
  readonly act: string;
}

/** A response link: a fact of one kind makes a role perform an act of another. */
export interface ResponseLinkDoc {
  readonly from: FactRef;
  readonly to: ActRef;
  readonly cardinality?: string;
}

/** A wait link: an act waits for a fact of another kind. */
export interface WaitLinkDoc {
  readonly act: ActRef;
  readonly waitsFor: FactRef;
  readonly cardinality?: string;
}

/** The answer of `GET /api/model`. */
export interface ModelDoc {
  readonly name: string;
  readonly description?: string;
  readonly actorRoles: Readonly<Record<string, RoleDoc>>;
  readonly transactionKinds: Readonly<Record<string, KindDoc>>;
  readonly processModel?: {
    readonly responseLinks?: readonly ResponseLinkDoc[];
    readonly waitLinks?: readonly WaitLinkDoc[];
  };
  readonly actionRules?: readonly {
    readonly id: string;
    readonly description?: string;
    readonly role: string;
    readonly when: FactRef;
  }[];
  readonly views?: readonly {
    readonly name: string;
    readonly description?: string;
    readonly readableBy?: readonly string[];
  }[];
  readonly builtinViews?: readonly string[];
  readonly ledgers?: readonly {
    readonly name: string;
    readonly businessName: string;
    readonly description?: string;
    readonly kind: string;
    readonly reserveOn: string;
    readonly consumeOn?: string;
  }[];
}

/** Who performed an act. */
export interface Performer {
  readonly actor: string;
  readonly role: string;
  readonly party: 'initiator' | 'executor';
}

/** A fact as the API shows it. */
export interface Fact {
  readonly type: string;
  readonly fact: string;
  readonly act: string;
  readonly revokes?: string;
  readonly transactionId: string;
  readonly kind: string;
  readonly performer: Performer;
  readonly time: string;
  readonly justification?: string;
  readonly payload: Json;
  readonly correlationId: string;
  readonly parent?: { readonly transactionId: string; readonly kind: string };
  readonly position: string;
  readonly version?: number;
}

/** A fact of the audit trail, with the status it led to. */
export interface AuditRow extends Fact {
  readonly status: string;
}

/** A pending revocation of a transaction. */
export interface PendingRevocation {
  readonly revokes: string;
}

/** A row of the `transactions` view (or a transaction's state). */
export interface TransactionRow {
  readonly id: string;
  readonly kind: string;
  readonly kindName?: string;
  readonly status: string;
  readonly version: number;
  readonly pendingRevocation: PendingRevocation | null;
  readonly parent: { readonly transactionId: string; readonly kind: string } | null;
  readonly correlationId: string | null;
  readonly terms: Json;
  readonly updatedAt: string | null;
  readonly createdAt?: string;
  readonly depth?: number;
}

/** The answer of `GET /api/transactions/{id}`. */
export interface TransactionDetail {
  readonly transaction: TransactionRow;
  readonly facts: readonly Fact[];
  readonly children: readonly TransactionRow[];
  readonly asOf?: string;
}

/** An act allowed now. */
export interface AllowedAct {
  readonly act: string;
  readonly revokes?: string;
  readonly party?: string;
  readonly role?: string;
}

/** The answer of `GET /api/transactions/{id}/allowed`. */
export interface AllowedAnswer {
  readonly transactionId: string;
  readonly status: string;
  readonly version: number;
  readonly allowed: readonly AllowedAct[];
}

/** A row of a role's agenda. */
export interface AgendaRow {
  readonly transactionId: string;
  readonly kind: string;
  readonly kindName: string;
  readonly role: string;
  readonly party: string;
  readonly status: string;
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
  readonly status: string;
  readonly version: number;
  readonly facts: readonly Fact[];
}
