import { describe, expect, it } from 'vitest';
import { factsInForce, isInForce } from './facts-in-force.ts';
import { statuses } from '../protocol/pattern.ts';
import type { FactKind } from './transaction-pattern.ts';
import {
  docRevocationRows,
  docStandardRows,
  given,
  orderKind,
  pathTo,
  step,
} from './pattern.fixtures.test-support.ts';

/** The fact a revocable act creates: the target of its row in the docs' standard pattern table. */
function revokedFact(revokes: string): FactKind {
  const row = docStandardRows.find(([, act]) => act === revokes);
  if (row === undefined) throw new Error(`no standard row for ${revokes}`);
  return row[3] as FactKind;
}

describe('facts in force', () => {
  it('on the happy path, every fact so far is in force', () => {
    expect(factsInForce('accepted')).toEqual([
      'requested',
      'promised',
      'executed',
      'declared',
      'accepted',
    ]);
    expect(factsInForce('initial')).toEqual([]);
  });

  it.each(
    docStandardRows.filter(([, , , to]) => !['quitted', 'stopped'].includes(to)).map((r) => [...r]),
  )('after %s + %s by %s, the new fact (%s) is in force', (_from, _act, _by, to) => {
    expect(isInForce(to, to as FactKind)).toBe(true);
  });

  it.each(docRevocationRows.map((r) => [r.revokes, r.afterAllow, r] as const))(
    'an allowed revoke %s (back to %s) withdraws the revoked fact',
    (revokes, afterAllow, rule) => {
      const fact = revokedFact(revokes);
      expect(isInForce(afterAllow, fact)).toBe(false);
      // …as the state reached through decide and evolve shows.
      const from = rule.from.at(-1)!;
      const state = given(orderKind, [
        ...pathTo[from],
        step('revoke', rule.by, revokes),
        step('allow', rule.answeredBy),
      ]).state;
      expect(state.status).toBe(afterAllow);
      expect(factsInForce(state.status)).not.toContain(fact);
    },
  );

  it('the product comes into force on accept only', () => {
    for (const status of statuses)
      expect(isInForce(status, 'accepted')).toBe(status === 'accepted');
  });
});
