/**
 * Action rules as the model tests write them when only their place in the model counts: the role
 * whose rule it is and the fact it answers, written as DEMO writes facts (`'TK02/accepted'`). Such a
 * rule performs nothing; the checks and the diagrams read no more of it.
 */
import type { FactKind } from '../core/index.ts';
import type { FactNotation } from '../core/process-links.test-support.ts';
import type { ActionRule } from './action-rule.ts';

/** A rule of a role on a fact of a kind, performing nothing (pure). */
export function ruleOn<R extends string, K extends string>(
  id: string,
  role: R,
  when: FactNotation<K>,
): ActionRule<K, R> {
  const [kind, fact] = when.split('/');
  return { id, role, when: { kind: kind as K, fact: fact as FactKind }, then: () => [] };
}
