/**
 * The coordination acts (C-acts) and the production act (P-act, `execute`) of the
 * Complete Transaction Pattern, and the two parties that perform them.
 */

/** The two parties of every transaction: who asks for the product and who produces it. */
export type Party = 'initiator' | 'executor';

/** Acts of the standard pattern (request … stop). `execute` is the production act. */
export type StandardAct =
  'request' | 'promise' | 'decline' | 'quit' | 'execute' | 'declare' | 'accept' | 'reject' | 'stop';

/** Acts that may be revoked by their performer (DEMO-3 / DEMO-4 revocation patterns). */
export type RevocableAct = 'request' | 'promise' | 'declare' | 'accept';

/** Acts of the revocation patterns: revoke, and the addressee's answer. */
export type RevocationAct = 'revoke' | 'allow' | 'refuse';

/** Every act a performer can perform on a transaction. */
export type Act = StandardAct | RevocationAct;

export const standardActs: readonly StandardAct[] = [
  'request',
  'promise',
  'decline',
  'quit',
  'execute',
  'declare',
  'accept',
  'reject',
  'stop',
];

export const revocableActs: readonly RevocableAct[] = ['request', 'promise', 'declare', 'accept'];

export const allActs: readonly Act[] = [...standardActs, 'revoke', 'allow', 'refuse'];

/**
 * Synonyms accepted on input: DEMO-4 renamed *state* to *declare*; Factum stores `declare`.
 */
export const actSynonyms: Readonly<Record<string, Act>> = { state: 'declare' };

/** Normalises an act name given on input (`state` → `declare`); `undefined` for an unknown name (pure). */
export function parseAct(name: string): Act | undefined {
  const synonym = Object.hasOwn(actSynonyms, name) ? actSynonyms[name] : undefined;
  if (synonym !== undefined) return synonym;
  return (allActs as readonly string[]).includes(name) ? (name as Act) : undefined;
}

/** Normalises the name of a revocable act (`state` → `declare`); `undefined` when not revocable (pure). */
export function parseRevocableAct(name: string): RevocableAct | undefined {
  const act = parseAct(name);
  return act !== undefined && (revocableActs as readonly string[]).includes(act)
    ? (act as RevocableAct)
    : undefined;
}

/** The other party of a transaction (pure). */
export function otherParty(party: Party): Party {
  return party === 'initiator' ? 'executor' : 'initiator';
}
