import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allActs, revocableActs, type Act, type RevocableAct } from './acts.ts';
import type { ActCommand, TransactionKindSpec } from './act-command.ts';
import { allowedActs, roleOf } from './allowed-acts.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { AllowedAct } from './protocol-error.ts';
import type { Status } from '../protocol/pattern.ts';
import { initialTransactionState, type TransactionState } from './transaction-state.ts';
import {
  docRevocationRows,
  given,
  orderKind,
  outsiderRole,
  partyOf,
  pathTo,
  paymentKind,
  step,
} from './pattern.fixtures.test-support.ts';

const I = 'CA01';
const E = 'A01';

const key = (a: AllowedAct): string => `${a.act}/${a.revokes ?? ''}/${a.party}/${a.role}`;
const sorted = (list: readonly AllowedAct[]): string[] => list.map(key).sort();

const byI = (act: Act, revokes?: RevocableAct): AllowedAct =>
  revokes === undefined
    ? { act, party: 'initiator', role: I }
    : { act, revokes, party: 'initiator', role: I };
const byE = (act: Act, revokes?: RevocableAct): AllowedAct =>
  revokes === undefined
    ? { act, party: 'executor', role: E }
    : { act, revokes, party: 'executor', role: E };

/** Expected allowed acts per status of an Order, written out from the docs' two tables. */
const expectedPerStatus: Readonly<Record<Status, readonly AllowedAct[]>> = {
  initial: [byI('request')],
  requested: [byE('promise'), byE('decline'), byI('revoke', 'request')],
  promised: [byE('execute'), byI('revoke', 'request'), byE('revoke', 'promise')],
  declined: [byI('request'), byI('quit')],
  quitted: [],
  executed: [byE('declare'), byI('revoke', 'request'), byE('revoke', 'promise')],
  declared: [
    byI('accept'),
    byI('reject'),
    byI('revoke', 'request'),
    byE('revoke', 'promise'),
    byE('revoke', 'declare'),
  ],
  accepted: [
    byI('revoke', 'request'),
    byE('revoke', 'promise'),
    byE('revoke', 'declare'),
    byI('revoke', 'accept'),
  ],
  rejected: [byE('declare'), byE('execute'), byE('stop')],
  stopped: [],
  revoked: [],
};

describe('allowedActs', () => {
  it.each(Object.entries(expectedPerStatus))('in %s', (status, expected) => {
    const state = given(orderKind, pathTo[status as Status]).state;
    expect(state.status).toBe(status);
    expect(sorted(allowedActs(orderKind, state))).toEqual(sorted(expected));
  });

  it.each(docRevocationRows.flatMap((r) => r.from.map((from) => [r.revokes, from, r] as const)))(
    'while a revocation of the %s is pending (from %s), only its answer',
    (revokes, from, rule) => {
      const state = given(orderKind, [...pathTo[from], step('revoke', rule.by, revokes)]).state;
      const role = orderKind[partyOf(rule.answeredBy)].role;
      const party = partyOf(rule.answeredBy);
      expect(allowedActs(orderKind, state)).toEqual([
        { act: 'allow', revokes, party, role },
        { act: 'refuse', revokes, party, role },
      ]);
    },
  );

  it('names the roles of the kind (payment: the customer executes)', () => {
    const state = given(paymentKind, pathTo.requested).state;
    expect(allowedActs(paymentKind, state)).toEqual([
      { act: 'promise', party: 'executor', role: 'CA01' },
      { act: 'decline', party: 'executor', role: 'CA01' },
      { act: 'revoke', revokes: 'request', party: 'initiator', role: 'A01' },
    ]);
  });
});

describe('roleOf', () => {
  it('reads the role bound in the state, else the kind’s role', () => {
    expect(roleOf(orderKind, initialTransactionState, 'initiator')).toBe(I);
    expect(roleOf(orderKind, initialTransactionState, 'executor')).toBe(E);
    const bound: TransactionState = { ...initialTransactionState, executor: { role: 'A09' } };
    expect(roleOf(orderKind, bound, 'executor')).toBe('A09');
  });
});

const actors = ['alice', 'bob', 'shop1'] as const;
const roles = [I, E, outsiderRole] as const;

/** Every act anyone could try: each act, with and without each `revokes`, by every role and actor. */
function candidates(): ActCommand[] {
  const out: ActCommand[] = [];
  for (const act of allActs) {
    for (const revokes of [undefined, ...revocableActs]) {
      for (const role of roles) {
        for (const actor of actors) {
          out.push({
            actId: `c-${out.length}`,
            transactionId: 'tx-1',
            act,
            ...(revokes === undefined ? {} : { revokes }),
            performer: { actor, role },
            // allowedActs cannot know about the addressee: always give one so MissingAddressee stays out.
            addressee: 'alice',
            time: '2025-01-01T00:00:00.000Z',
          });
        }
      }
    }
  }
  return out;
}
const allCandidates = candidates();

/** True when `allowed` lists the command for its role, and the actor is the party's bound actor if any. */
function listed(spec: TransactionKindSpec, state: TransactionState, cmd: ActCommand): boolean {
  return allowedActs(spec, state).some((a) => {
    if (a.act !== cmd.act || a.role !== cmd.performer.role) return false;
    const answer = cmd.act === 'allow' || cmd.act === 'refuse';
    if (cmd.revokes !== a.revokes && !(answer && cmd.revokes === undefined)) return false;
    const binding = a.party === 'initiator' ? state.initiator : state.executor;
    return binding?.actor === undefined || binding.actor === cmd.performer.actor;
  });
}

/** Checks the equivalence in one state; returns the next states decide allows. */
function checkState(spec: TransactionKindSpec, state: TransactionState): TransactionState[] {
  const next: TransactionState[] = [];
  for (const cmd of allCandidates) {
    const result = decide(spec, state, cmd);
    const expected = listed(spec, state, cmd);
    if (result.ok !== expected) {
      throw new Error(
        `${cmd.act}${cmd.revokes === undefined ? '' : ` ${cmd.revokes}`} by ${cmd.performer.actor}/${cmd.performer.role} in ${state.status}` +
          ` (pending ${state.pendingRevocation?.revokes ?? 'none'}): decide ${result.ok ? 'accepts' : `refuses (${result.error.code})`}, allowedActs ${expected ? 'lists it' : 'does not'}`,
      );
    }
    if (result.ok) next.push(result.value.reduce((s, f) => evolve(s, f), state));
  }
  return next;
}

describe('decide accepts an act iff allowedActs lists it (for the right role and actor)', () => {
  it.each([[orderKind], [paymentKind]])('in every reachable state of $name', (spec) => {
    const seen = new Set<string>();
    const statusesSeen = new Set<Status>();
    const queue: TransactionState[] = [initialTransactionState];
    while (queue.length > 0) {
      const state = queue.shift()!;
      const id = JSON.stringify([
        state.status,
        state.pendingRevocation,
        state.initiator,
        state.executor,
      ]);
      if (seen.has(id)) continue;
      seen.add(id);
      statusesSeen.add(state.status);
      queue.push(...checkState(spec, state));
    }
    expect([...statusesSeen].sort()).toEqual(Object.keys(expectedPerStatus).sort());
    expect(seen.size).toBeGreaterThan(30);
  });

  it('along random walks (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(orderKind, paymentKind),
        fc.array(fc.nat(), { maxLength: 16 }),
        (spec, picks) => {
          let state = initialTransactionState;
          for (const pick of picks) {
            const next = checkState(spec, state);
            if (next.length === 0) return;
            state = next[pick % next.length]!;
          }
          checkState(spec, state);
        },
      ),
      { numRuns: 60 },
    );
  });
});
