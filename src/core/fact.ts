/** The coordination fact (C-fact) or production fact (P-fact) that an act creates (`protocol/fact.ts`). */
export type { Fact, PartyBinding, Performer, TransactionRef } from '../protocol/fact.ts';
