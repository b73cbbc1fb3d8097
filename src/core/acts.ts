/**
 * The coordination acts (C-acts) and the production act (P-act, `execute`) of the
 * Complete Transaction Pattern, and the two parties that perform them.
 */

import {
  allActs,
  revocableActs,
  standardActs,
  type Act,
  type Party,
  type RevocableAct,
  type RevocationAct,
  type StandardAct,
} from '../protocol/pattern.ts';

export type { Act, Party, RevocableAct, RevocationAct, StandardAct };
export { allActs, revocableActs, standardActs };

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
