/** Which acts may be performed now, read from the pattern table: used by refusals, agenda and UI. */
import type { Party } from './acts.ts';
import type { TransactionKindSpec } from './act-command.ts';
import type { AllowedAct } from './protocol-error.ts';
import type { TransactionState } from './transaction-state.ts';
import { completeTransactionPattern, type PatternProfile } from './transaction-pattern.ts';

/** The actor role that fills a party of a transaction (pure). */
export function roleOf(spec: TransactionKindSpec, state: TransactionState, party: Party): string {
  const binding = party === 'initiator' ? state.initiator : state.executor;
  return binding?.role ?? spec[party].role;
}

/** Lists the acts allowed in a transaction's current state, with the party and role for each (pure). */
export function allowedActs(
  spec: TransactionKindSpec,
  state: TransactionState,
  profile: PatternProfile = completeTransactionPattern,
): readonly AllowedAct[] {
  if (profile.terminal.includes(state.status)) return [];
  const pending = state.pendingRevocation;
  if (pending !== null) {
    const rule = profile.revocations.find((r) => r.revokes === pending.revokes);
    if (rule === undefined) return [];
    const role = roleOf(spec, state, rule.answeredBy);
    return [
      { act: 'allow', revokes: rule.revokes, party: rule.answeredBy, role },
      { act: 'refuse', revokes: rule.revokes, party: rule.answeredBy, role },
    ];
  }
  const standard: AllowedAct[] = profile.transitions
    .filter((t) => t.from === state.status)
    .map((t) => ({ act: t.act, party: t.by, role: roleOf(spec, state, t.by) }));
  const revocations: AllowedAct[] = profile.revocations
    .filter((r) => r.from.includes(state.status))
    .map((r) => ({
      act: 'revoke',
      revokes: r.revokes,
      party: r.by,
      role: roleOf(spec, state, r.by),
    }));
  return [...standard, ...revocations];
}
