/**
 * Protocol refusals: the closed union of reasons an act is refused. They are values, not thrown:
 * `decide` returns them, the engine passes them on, the HTTP layer and the CLI switch over `code`.
 */
import type { Act, Party, RevocableAct } from './acts.ts';
import type { JsonValue } from './json.ts';
import type { Cardinality, FactRef } from './process-links.ts';
import type { PendingRevocation } from './transaction-state.ts';
import type { Status } from '../protocol/pattern.ts';

/** An act a party may perform now, as read from the pattern table. */
export interface AllowedAct {
  readonly act: Act;
  readonly revokes?: RevocableAct;
  readonly party: Party;
  readonly role: string;
}

/** One problem with a payload, at its path. */
export interface PayloadIssue {
  readonly path: string;
  readonly message: string;
}

/** What an act waits for: a fact of a transaction kind (a wait link of the Process Model). */
export interface AwaitedFact {
  readonly kind: string;
  /** The awaited kind's business name, e.g. `Payment`. */
  readonly kindName?: string;
  readonly fact: string;
  /** The transaction that lacks the fact; absent when none of the kind has been requested. */
  readonly transactionId?: string;
  /** That transaction's status now. */
  readonly status?: Status;
}

/** What each refusal carries besides its code and message, by code. */
interface RefusalDetails {
  readonly UnknownTransaction: { readonly transactionId: string; readonly act: Act };
  readonly UnknownKind: { readonly kind: string };
  readonly UnknownRole: { readonly role: string };
  readonly ActNotAllowed: {
    readonly act: Act;
    readonly revokes?: RevocableAct;
    readonly status: Status;
    readonly allowed: readonly AllowedAct[];
  };
  readonly WrongRole: {
    readonly act: Act;
    readonly role: string;
    readonly expected: readonly string[];
  };
  readonly WrongActor: { readonly act: Act; readonly actor: string; readonly party: Party };
  readonly RevocationPending: { readonly act: Act; readonly pending: PendingRevocation };
  readonly TerminalStatus: { readonly act: Act; readonly status: Status };
  readonly MalformedAct: { readonly act: string };
  readonly MissingAddressee: { readonly role: string };
  readonly InvalidPayload: { readonly issues: readonly PayloadIssue[] };
  readonly AwaitingFact: { readonly act: Act; readonly awaiting: AwaitedFact };
  readonly NoResponseLink: {
    readonly kind: string;
    readonly parentKind: string;
    readonly parent: string;
  };
  readonly ResponseNotDue: {
    readonly kind: string;
    readonly parent: string;
    readonly links: readonly {
      readonly from: FactRef;
      readonly cardinality?: Cardinality;
    }[];
  };
  readonly CardinalityExceeded: {
    readonly kind: string;
    readonly parent: string;
    readonly cardinality: Cardinality;
    readonly started: number;
  };
  readonly ParentRequired: { readonly kind: string; readonly parentKinds: readonly string[] };
  readonly RuleRefused: { readonly rule: string; readonly details?: JsonValue };
}

/** The literal tags of every protocol refusal. */
export type ProtocolErrorCode = keyof RefusalDetails;

/** A refusal: its code, a message for people, and the details of that code. */
export type ProtocolError = {
  [C in ProtocolErrorCode]: { readonly code: C; readonly message: string } & RefusalDetails[C];
}[ProtocolErrorCode];

const codes: Readonly<Record<ProtocolErrorCode, true>> = {
  UnknownTransaction: true,
  UnknownKind: true,
  UnknownRole: true,
  ActNotAllowed: true,
  WrongRole: true,
  WrongActor: true,
  RevocationPending: true,
  TerminalStatus: true,
  MalformedAct: true,
  MissingAddressee: true,
  InvalidPayload: true,
  AwaitingFact: true,
  NoResponseLink: true,
  ResponseNotDue: true,
  CardinalityExceeded: true,
  ParentRequired: true,
  RuleRefused: true,
};

/** Every refusal code, for tools that name one (a scenario expecting `CardinalityExceeded`). */
export const protocolErrorCodes = Object.keys(codes) as readonly ProtocolErrorCode[];

/** Describes an act for messages: `revoke promise`, `allow (revoke request)` (pure). */
export function describeAct(act: Act, revokes?: RevocableAct): string {
  if (revokes === undefined) return act;
  return act === 'revoke' ? `revoke ${revokes}` : `${act} (revoke ${revokes})`;
}

/** Lists allowed acts for a message: `promise (executor A01), decline (executor A01)` (pure). */
export function describeAllowed(allowed: readonly AllowedAct[]): string {
  if (allowed.length === 0) return 'none';
  return allowed.map((a) => `${describeAct(a.act, a.revokes)} (${a.party} ${a.role})`).join(', ');
}
