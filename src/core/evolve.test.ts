import { describe, expect, it } from 'vitest';
import type { ActCommand } from './act-command.ts';
import { evolve, fold, PatternViolationError } from './evolve.ts';
import type { Fact } from './fact.ts';
import { initialTransactionState, type TransactionState } from './transaction-state.ts';
import {
  command,
  docRevocationRows,
  factsOf,
  type Given,
  type Step,
  when,
  docStandardRows,
  given,
  omit,
  orderKind,
  partyOf,
  pathTo,
  paymentKind,
  step,
} from './pattern.fixtures.test-support.ts';

/** The fact an act creates after a path (decided, so it is a well-formed fact). */
function factAfter(
  path: Parameters<typeof given>[1],
  last: Parameters<typeof given>[1][number],
): Fact {
  const history = given(orderKind, [...path, last]);
  const fact = history.facts.at(-1);
  if (fact === undefined) throw new Error('no fact');
  return fact;
}

/** Decides one more act on a history and folds its facts in: the history grows by one act. */
function extend(history: Given, s: Step): Given {
  const facts = factsOf(when(orderKind, history, s));
  return { facts: [...history.facts, ...facts], state: fold(history.state, facts) };
}

function violation(state: TransactionState, fact: Fact): PatternViolationError {
  try {
    evolve(state, fact);
  } catch (e) {
    if (e instanceof PatternViolationError) return e;
    throw e;
  }
  throw new Error(`expected a PatternViolationError for ${fact.type} in ${state.status}`);
}

describe('fold', () => {
  it('folds the happy path into the state of an accepted order', () => {
    // One act a minute on order o-7, from 10:00.
    const acts: readonly (readonly [Step, Partial<ActCommand>])[] = [
      [step('request', 'I'), { actId: 'r1', payload: { lines: ['P1'] } }],
      [step('promise', 'E'), {}],
      [step('execute', 'E'), { payload: { shipped: true } }],
      [step('declare', 'E'), {}],
      [step('accept', 'I'), {}],
    ];
    const history = given(
      orderKind,
      acts.map(([s, over], minute) =>
        command(orderKind, s, {
          transactionId: 'o-7',
          time: `2025-01-01T10:0${minute}:00.000Z`,
          ...over,
        }),
      ),
    );
    expect(fold(initialTransactionState, history.facts)).toEqual({
      id: 'o-7',
      kind: 'TK01',
      status: 'accepted',
      version: 5,
      pendingRevocation: null,
      initiator: { role: 'CA01', actor: 'alice' },
      executor: { role: 'A01' },
      parent: null,
      correlationId: 'r1',
      terms: { lines: ['P1'] },
      product: { shipped: true },
      updatedAt: '2025-01-01T10:04:00.000Z',
    });
    expect(fold(initialTransactionState, history.facts)).toEqual(history.state);
  });

  it('folds nothing into the initial state', () => {
    expect(fold(initialTransactionState, [])).toBe(initialTransactionState);
  });

  it('captures the parent and the personal executor of a child transaction', () => {
    const parent = { transactionId: 'o-1', kind: 'TK01' };
    const history = given(paymentKind, [
      command(paymentKind, step('request', 'I'), {
        parent,
        correlationId: 'root',
        addressee: 'carol',
      }),
    ]);
    expect(history.state).toMatchObject({
      kind: 'TK02',
      parent,
      correlationId: 'root',
      initiator: { role: 'A01' },
      executor: { role: 'CA01', actor: 'carol' },
    });
  });

  it('takes the revised terms of a request made again after a decline', () => {
    const history = given(orderKind, [
      command(orderKind, step('request', 'I'), { payload: { qty: 5 } }),
      step('decline', 'E'),
      command(orderKind, step('request', 'I'), { payload: { qty: 3 } }),
    ]);
    expect(history.state.status).toBe('requested');
    expect(history.state.terms).toEqual({ qty: 3 });
  });

  it('takes the product of a redone execution after a reject', () => {
    const history = given(orderKind, [
      ...pathTo.promised,
      command(orderKind, step('execute', 'E'), { payload: { parcel: 'damaged' } }),
      step('declare', 'E'),
      step('reject', 'I'),
      command(orderKind, step('execute', 'E'), { payload: { parcel: 'fine' } }),
    ]);
    expect(history.state.status).toBe('executed');
    expect(history.state.product).toEqual({ parcel: 'fine' });
    expect(history.state.terms).toBeNull();
  });

  it('falls back to the performer and addressee roles for a request fact without parties', () => {
    const bare = omit(factAfter([], step('request', 'I')), 'parties');
    const state = evolve(initialTransactionState, bare);
    expect(state.initiator).toEqual({ role: 'CA01' });
    expect(state.executor).toEqual({ role: 'A01' });
  });

  it('does not mutate the state it evolves', () => {
    const history = given(orderKind, pathTo.executed);
    const before = structuredClone(history.state);
    const declared = factAfter(pathTo.executed, step('declare', 'E'));
    const next = evolve(history.state, declared);
    expect(history.state).toEqual(before);
    expect(next).not.toBe(history.state);
    expect(next.version).toBe(before.version + 1);
    expect(next.updatedAt).toBe(declared.time);
  });
});

describe('evolve: every row of the standard pattern', () => {
  it.each(docStandardRows.map((r) => [...r] as const))(
    '%s + %s by %s → %s',
    (from, act, by, to) => {
      const history = given(orderKind, pathTo[from]);
      const fact = factAfter(pathTo[from], step(act, by));
      expect(evolve(history.state, fact).status).toBe(to);
    },
  );
});

describe('evolve: revocations roll back', () => {
  const cases = docRevocationRows.flatMap((rule) =>
    rule.from.map((from) => [rule.revokes, from, rule] as const),
  );

  it.each(cases)(
    'revoke %s from %s: pending, then allow → after-allow, refuse → where it started',
    (revokes, from, rule) => {
      const start = given(orderKind, pathTo[from]);
      const pending = extend(start, step('revoke', rule.by, revokes));
      expect(pending.state.status).toBe(from);
      expect(pending.state.pendingRevocation).toEqual({
        revokes,
        by: partyOf(rule.by),
        actor: rule.by === 'I' ? 'alice' : 'shop1',
        from,
      });
      expect(pending.state.version).toBe(start.state.version + 1);

      const allowed = extend(pending, step('allow', rule.answeredBy));
      expect(allowed.state.status).toBe(rule.afterAllow);
      expect(allowed.state.pendingRevocation).toBeNull();

      // A refusal restores the state as it was, except for the version and the time of the last fact.
      const refused = extend(pending, step('refuse', rule.answeredBy));
      expect(refused.state).toEqual({
        ...start.state,
        version: start.state.version + 2,
        updatedAt: refused.facts.at(-1)?.time,
      });
    },
  );

  it.each([
    {
      story: 'revoke promise, the transaction can be promised again',
      revoked: [...pathTo.declared, step('revoke', 'E', 'promise'), step('allow', 'I')],
      then: [step('promise', 'E'), step('execute', 'E'), step('declare', 'E'), step('accept', 'I')],
      status: 'accepted',
      facts: 10,
    },
    {
      story: 'revoke accept, the order is declared again and may be rejected',
      revoked: [...pathTo.accepted, step('revoke', 'I', 'accept'), step('allow', 'E')],
      then: [step('reject', 'I')],
      status: 'rejected',
      facts: 8,
    },
  ])('after an allowed $story', ({ revoked, then, status, facts }) => {
    const history = given(orderKind, [...revoked, ...then]);
    expect(history.state.status).toBe(status);
    expect(history.facts).toHaveLength(facts);
  });
});

describe('evolve: a fact that does not fit throws PatternViolationError', () => {
  const promise = factAfter(pathTo.requested, step('promise', 'E'));
  const accept = factAfter(pathTo.declared, step('accept', 'I'));
  const revokePromise = factAfter(pathTo.promised, step('revoke', 'E', 'promise'));
  const revokeRequest = factAfter(pathTo.promised, step('revoke', 'I', 'request'));
  const allowRequestRevocation = factAfter(
    [...pathTo.promised, step('revoke', 'I', 'request')],
    step('allow', 'E'),
  );

  it('says which fact cannot follow which status', () => {
    const error = violation(initialTransactionState, promise);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PatternViolationError');
    expect(error.code).toBe('PATTERN_VIOLATION');
    expect(error.fact).toBe(promise);
    expect(error.message).toBe(
      `Fact OrderPromised (${promise.actId}) cannot follow status initial: not in the pattern`,
    );
  });

  it.each([
    ['a promise on a transaction never requested', [] as const, 'promise'],
    ['an accept on a requested transaction', pathTo.requested, 'accept'],
    ['a promise on a promised transaction', pathTo.promised, 'promise'],
    ['an accept after quitted', pathTo.quitted, 'accept'],
    ['a promise after revoked', pathTo.revoked, 'promise'],
    ['a revoke promise from declined', pathTo.declined, 'revokePromise'],
    ['a revoke request after stopped', pathTo.stopped, 'revokeRequest'],
    ['an allow with nothing pending', pathTo.promised, 'allow'],
  ] as const)('%s', (_name, path, which) => {
    const state = given(orderKind, path).state;
    const fact = {
      promise,
      accept,
      revokePromise,
      revokeRequest,
      allow: allowRequestRevocation,
    }[which];
    expect(() => evolve(state, fact)).toThrow(PatternViolationError);
  });

  it('a second revocation while one is pending', () => {
    const state = given(orderKind, [...pathTo.promised, step('revoke', 'E', 'promise')]).state;
    expect(() => evolve(state, revokeRequest)).toThrow(PatternViolationError);
  });

  it('a standard fact while a revocation is pending', () => {
    const state = given(orderKind, [...pathTo.promised, step('revoke', 'E', 'promise')]).state;
    const execute = factAfter(pathTo.promised, step('execute', 'E'));
    expect(() => evolve(state, execute)).toThrow(PatternViolationError);
  });

  it('a revoke fact that does not say what it revokes', () => {
    const bare = omit(revokePromise, 'revokes');
    const state = given(orderKind, pathTo.promised).state;
    expect(() => evolve(state, bare)).toThrow(PatternViolationError);
  });

  it('an answer to another revocation than the pending one', () => {
    // Pending: revoke promise. The fact answers a revoke request.
    const state = given(orderKind, [...pathTo.promised, step('revoke', 'E', 'promise')]).state;
    expect(allowRequestRevocation.revokes).toBe('request');
    expect(() => evolve(state, allowRequestRevocation)).toThrow(PatternViolationError);
  });

  it('fold stops at the first fact that does not fit', () => {
    const history = given(orderKind, pathTo.promised);
    expect(() => fold(initialTransactionState, [...history.facts, accept])).toThrow(
      /cannot follow status promised/,
    );
  });
});
