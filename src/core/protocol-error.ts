/**
 * Protocol refusals: the closed union of reasons an act is refused. They are values, not thrown:
 * `decide` returns them, the engine passes them on, the HTTP layer and the CLI switch over `code`.
 */
import type { Act, Party, RevocableAct } from './acts.ts';
import type { JsonValue } from './json.ts';
import type { PendingRevocation } from './transaction-state.ts';
import type { Status } from './status.ts';

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
  readonly fact: string;
  readonly transactionId?: string;
}

export type ProtocolError =
  | {
      readonly code: 'UnknownTransaction';
      readonly message: string;
      readonly transactionId: string;
      readonly act: Act;
    }
  | { readonly code: 'UnknownKind'; readonly message: string; readonly kind: string }
  | { readonly code: 'UnknownRole'; readonly message: string; readonly role: string }
  | {
      readonly code: 'ActNotAllowed';
      readonly message: string;
      readonly act: Act;
      readonly revokes?: RevocableAct;
      readonly status: Status;
      readonly allowed: readonly AllowedAct[];
    }
  | {
      readonly code: 'WrongRole';
      readonly message: string;
      readonly act: Act;
      readonly role: string;
      readonly expected: readonly string[];
    }
  | {
      readonly code: 'WrongActor';
      readonly message: string;
      readonly act: Act;
      readonly actor: string;
      readonly party: Party;
    }
  | {
      readonly code: 'RevocationPending';
      readonly message: string;
      readonly act: Act;
      readonly pending: PendingRevocation;
    }
  | {
      readonly code: 'TerminalStatus';
      readonly message: string;
      readonly act: Act;
      readonly status: Status;
    }
  | { readonly code: 'MalformedAct'; readonly message: string; readonly act: string }
  | { readonly code: 'MissingAddressee'; readonly message: string; readonly role: string }
  | {
      readonly code: 'InvalidPayload';
      readonly message: string;
      readonly issues: readonly PayloadIssue[];
    }
  | {
      readonly code: 'AwaitingFact';
      readonly message: string;
      readonly act: Act;
      readonly awaiting: AwaitedFact;
    }
  | {
      readonly code: 'RuleRefused';
      readonly message: string;
      readonly rule: string;
      readonly details?: JsonValue;
    };

/** The literal tags of every protocol refusal. */
export type ProtocolErrorCode = ProtocolError['code'];

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
