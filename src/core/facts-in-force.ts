/**
 * Which C-facts of a transaction are in force in a status: the facts on the path to it that no
 * revocation has rolled back. Wait links and product views read it.
 */
import type { Status } from '../protocol/pattern.ts';
import type { FactKind } from './transaction-pattern.ts';

const inForce: Readonly<Record<Status, readonly FactKind[]>> = {
  initial: [],
  requested: ['requested'],
  promised: ['requested', 'promised'],
  declined: ['requested', 'declined'],
  quitted: ['quitted'],
  executed: ['requested', 'promised', 'executed'],
  declared: ['requested', 'promised', 'executed', 'declared'],
  accepted: ['requested', 'promised', 'executed', 'declared', 'accepted'],
  rejected: ['requested', 'promised', 'executed', 'declared', 'rejected'],
  stopped: ['stopped'],
  revoked: ['revocationAllowed'],
};

/** The facts in force in a status, e.g. `accepted` holds `requested … accepted` (pure). */
export function factsInForce(status: Status): readonly FactKind[] {
  return inForce[status];
}

/** True when a fact of this kind is in force in the status (pure). */
export function isInForce(status: Status, fact: FactKind): boolean {
  return inForce[status].includes(fact);
}
