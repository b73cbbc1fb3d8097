import { describe, expect, it } from 'vitest';
import {
  allActs,
  parseAct,
  revocableActs,
  standardActs,
  type Act,
  type RevocableAct,
} from './acts.ts';
import type { ActCommand } from './act-command.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { ProtocolErrorCode } from './protocol-error.ts';
import { statuses, type Status } from '../protocol/pattern.ts';
import { initialTransactionState } from './transaction-state.ts';
import {
  completeTransactionPattern,
  factSuffix,
  revocationRules,
  standardTransitions,
} from './transaction-pattern.ts';
import {
  command,
  docRevocationRows,
  docStandardRows,
  docStatuses,
  docTerminal,
  factsOf,
  given,
  omit,
  orderKind,
  outsiderRole,
  partyOf,
  pathTo,
  paymentKind,
  refusalOf,
  step,
  when,
} from './pattern.fixtures.test-support.ts';

const I = orderKind.initiator.role;
const E = orderKind.executor.role;

/** Statuses from which the docs allow no act of the standard pattern and no revocation. */
const terminal = (s: Status): boolean => docTerminal.includes(s);

/** Why an act the pattern does not list is refused in a status: nothing to act on, over, or not now. */
const refusalIn = (from: Status): ProtocolErrorCode =>
  from === 'initial' ? 'UnknownTransaction' : terminal(from) ? 'TerminalStatus' : 'ActNotAllowed';

describe('the pattern tables equal the docs', () => {
  it('has the statuses of the docs', () => {
    expect(statuses).toEqual(docStatuses);
    expect([...completeTransactionPattern.terminal].sort()).toEqual([...docTerminal].sort());
  });

  it('standardTransitions is the standard pattern table of the docs, row for row', () => {
    const rows = standardTransitions.map((t) => [
      t.from,
      t.act,
      t.by === 'initiator' ? 'I' : 'E',
      t.to,
    ]);
    expect(rows).toEqual(docStandardRows.map((r) => [...r]));
    expect(completeTransactionPattern.transitions).toBe(standardTransitions);
  });

  it('each standard row creates the fact named after its target status', () => {
    for (const t of standardTransitions) expect(t.fact).toBe(t.to);
  });

  it('revocationRules is the revocation table of the docs, row for row', () => {
    expect(
      revocationRules.map((r) => ({
        revokes: r.revokes,
        by: r.by,
        from: [...r.from],
        answeredBy: r.answeredBy,
        afterAllow: r.onAllow,
        event: factSuffix[r.fact],
      })),
    ).toEqual(
      docRevocationRows.map((r) => ({
        revokes: r.revokes,
        by: partyOf(r.by),
        from: [...r.from],
        answeredBy: partyOf(r.answeredBy),
        afterAllow: r.afterAllow,
        event: r.event,
      })),
    );
    expect(completeTransactionPattern.revocations).toBe(revocationRules);
  });
});

describe('decide: the standard pattern, row by row (docs table)', () => {
  it.each(docStandardRows.map((r) => [...r] as const))(
    'given %s, when %s by %s, then one fact and status %s',
    (from, act, by, to) => {
      const history = given(orderKind, pathTo[from]);
      const facts = factsOf(when(orderKind, history, step(act, by)));
      expect(facts).toHaveLength(1);
      const fact = facts[0]!;
      expect(fact.act).toBe(act);
      expect(fact.fact).toBe(to);
      expect(fact.type).toBe(`Order${to.charAt(0).toUpperCase()}${to.slice(1)}`);
      expect(fact.performer.party).toBe(partyOf(by));
      expect(fact.addressee.party).toBe(partyOf(by === 'I' ? 'E' : 'I'));
      expect(evolve(history.state, fact).status).toBe(to);
    },
  );

  it.each(docStandardRows.map((r) => [...r] as const))(
    'given %s, when %s by the other party, then WrongRole',
    (from, act, by) => {
      const other = by === 'I' ? 'E' : 'I';
      const error = refusalOf(when(orderKind, given(orderKind, pathTo[from]), step(act, other)));
      expect(error.code).toBe('WrongRole');
      if (error.code === 'WrongRole') {
        expect(error.expected).toEqual([orderKind[partyOf(by)].role]);
        expect(error.message).toContain(`Only the ${partyOf(by)}`);
      }
    },
  );

  const notInTable = statuses.flatMap((from) =>
    standardActs
      .filter((act) => !docStandardRows.some(([f, a]) => f === from && a === act))
      .flatMap((act) => (['I', 'E'] as const).map((by) => [from, act, by] as const)),
  );

  it.each(notInTable)(
    'given %s, when %s by %s (not in the table), then refused',
    (from, act, by) => {
      const error = refusalOf(when(orderKind, given(orderKind, pathTo[from]), step(act, by)));
      expect(error.code).toBe(refusalIn(from));
    },
  );
});

describe('decide: the revocation patterns, for every status and both answers', () => {
  const cases = docRevocationRows.flatMap((rule) =>
    statuses.map((from) => [rule.revokes, from, rule] as const),
  );

  it.each(cases)('revoke %s from %s', (revokes, from, rule) => {
    const history = given(orderKind, pathTo[from]);
    const result = when(orderKind, history, step('revoke', rule.by, revokes));
    if (!rule.from.includes(from)) {
      expect(refusalOf(result).code).toBe(refusalIn(from));
      return;
    }
    // The revoke itself: one fact, by the revoking party, status unchanged but a revocation pending.
    const [revokeFact] = factsOf(result);
    expect(revokeFact!.type).toBe(`Order${rule.event}`);
    expect(revokeFact!.revokes).toBe(revokes);
    expect(revokeFact!.performer.party).toBe(partyOf(rule.by));
    expect(revokeFact!.addressee.party).toBe(partyOf(rule.answeredBy));
    const pending = evolve(history.state, revokeFact!);
    expect(pending.status).toBe(from);
    expect(pending.pendingRevocation).toEqual({
      revokes,
      by: partyOf(rule.by),
      actor: revokeFact!.performer.actor,
      from,
    });
    const withPending = { facts: [...history.facts, revokeFact!], state: pending };

    // Only the other party may revoke this act.
    expect(refusalOf(when(orderKind, history, step('revoke', rule.answeredBy, revokes))).code).toBe(
      'WrongRole',
    );
    // Only the addressee of the revoked act may answer; the revoker may not.
    for (const answer of ['allow', 'refuse'] as const) {
      expect(refusalOf(when(orderKind, withPending, step(answer, rule.by))).code).toBe('WrongRole');
    }

    const allowed = factsOf(when(orderKind, withPending, step('allow', rule.answeredBy)));
    expect(allowed[0]!.type).toBe('OrderRevocationAllowed');
    expect(allowed[0]!.revokes).toBe(revokes);
    const afterAllow = evolve(pending, allowed[0]!);
    expect(afterAllow.status).toBe(rule.afterAllow);
    expect(afterAllow.pendingRevocation).toBeNull();

    const refused = factsOf(
      when(orderKind, withPending, command(orderKind, step('refuse', rule.answeredBy, revokes))),
    );
    expect(refused[0]!.type).toBe('OrderRevocationRefused');
    const afterRefuse = evolve(pending, refused[0]!);
    expect(afterRefuse.status).toBe(from);
    expect(afterRefuse.pendingRevocation).toBeNull();
  });
});

describe('decide: rules that follow', () => {
  const pendingPromiseRevocation = given(orderKind, [
    ...pathTo.executed,
    step('revoke', 'E', 'promise'),
  ]);

  const blocked: (readonly [Act, 'I' | 'E', RevocableAct | undefined])[] = [
    ...standardActs.flatMap((a) => (['I', 'E'] as const).map((by) => [a, by, undefined] as const)),
    ...revocableActs.flatMap((r) => (['I', 'E'] as const).map((by) => ['revoke', by, r] as const)),
  ];

  it.each(blocked)('a pending revocation blocks %s by %s %s', (act, by, revokes) => {
    const error = refusalOf(when(orderKind, pendingPromiseRevocation, step(act, by, revokes)));
    // A standard act with `revokes` would be malformed; none is built here.
    expect(error.code).toBe('RevocationPending');
    if (error.code === 'RevocationPending') {
      expect(error.pending).toEqual({
        revokes: 'promise',
        by: 'executor',
        actor: 'shop1',
        from: 'executed',
      });
      expect(error.message).toContain('revocation of the promise');
      expect(error.message).toContain(`initiator (${I})`);
    }
  });

  it('a second revocation of the same act is refused while the first is pending', () => {
    const error = refusalOf(
      when(orderKind, pendingPromiseRevocation, step('revoke', 'E', 'promise')),
    );
    expect(error.code).toBe('RevocationPending');
  });

  it('a refused revocation may be attempted again, and then be allowed', () => {
    const history = given(orderKind, [
      ...pathTo.executed,
      step('revoke', 'E', 'promise'),
      step('refuse', 'I'),
      step('revoke', 'E', 'promise'),
    ]);
    expect(history.state.status).toBe('executed');
    expect(history.state.pendingRevocation?.revokes).toBe('promise');
    const [fact] = factsOf(when(orderKind, history, step('allow', 'I', 'promise')));
    expect(evolve(history.state, fact!).status).toBe('requested');
  });

  it('allow or refuse naming another act than the pending one is refused', () => {
    const error = refusalOf(
      when(orderKind, pendingPromiseRevocation, step('allow', 'I', 'request')),
    );
    expect(error.code).toBe('ActNotAllowed');
    if (error.code === 'ActNotAllowed') {
      expect(error.message).toContain('revokes the promise, not the request');
      expect(error.allowed).toEqual([
        { act: 'allow', revokes: 'promise', party: 'initiator', role: I },
        { act: 'refuse', revokes: 'promise', party: 'initiator', role: I },
      ]);
    }
  });

  it.each([['allow'], ['refuse']] as const)('%s without a pending revocation is refused', (act) => {
    const error = refusalOf(when(orderKind, given(orderKind, pathTo.promised), step(act, 'I')));
    expect(error.code).toBe('ActNotAllowed');
    expect(error.message).toContain(`nothing to ${act}`);
  });

  it.each(
    (['declined', 'rejected', 'quitted', 'stopped', 'revoked'] as const).flatMap((s) =>
      docRevocationRows.map((r) => [s, r.revokes, r.by] as const),
    ),
  )('no revocation from %s (revoke %s)', (from, revokes, by) => {
    const error = refusalOf(
      when(orderKind, given(orderKind, pathTo[from]), step('revoke', by, revokes)),
    );
    expect(error.code).toBe(terminal(from) ? 'TerminalStatus' : 'ActNotAllowed');
    expect(error.message).toContain(from);
  });

  it('a second request while requested is refused, saying what is allowed', () => {
    const error = refusalOf(
      when(orderKind, given(orderKind, pathTo.requested), step('request', 'I')),
    );
    expect(error.code).toBe('ActNotAllowed');
    if (error.code === 'ActNotAllowed') {
      expect(error.status).toBe('requested');
      expect(error.allowed).toEqual([
        { act: 'promise', party: 'executor', role: E },
        { act: 'decline', party: 'executor', role: E },
        { act: 'revoke', revokes: 'request', party: 'initiator', role: I },
      ]);
      expect(error.message).toBe(
        `Cannot request a transaction that is requested. Allowed now: promise (executor ${E}), decline (executor ${E}), revoke request (initiator ${I}).`,
      );
    }
  });

  it.each([
    ['promise twice', 'promised', 'promise', 'E'],
    ['declare before execute', 'promised', 'declare', 'E'],
    ['accept before declare', 'executed', 'accept', 'I'],
    ['accept before declare (just promised)', 'promised', 'accept', 'I'],
    ['execute before promise', 'requested', 'execute', 'E'],
    ['quit without a decline', 'requested', 'quit', 'I'],
    ['stop without a reject', 'declared', 'stop', 'E'],
    ['accept twice', 'accepted', 'accept', 'I'],
  ] as const)('%s is refused (ActNotAllowed)', (_name, from, act, by) => {
    const error = refusalOf(when(orderKind, given(orderKind, pathTo[from]), step(act, by)));
    expect(error.code).toBe('ActNotAllowed');
    if (error.code === 'ActNotAllowed') {
      expect(error.act).toBe(act);
      expect(error.status).toBe(from);
      expect(error.message).toContain(`Cannot ${act} a transaction that is ${from}.`);
    }
  });

  it.each(
    (['quitted', 'stopped', 'revoked'] as const).flatMap((s) =>
      allActs.flatMap((a) => (['I', 'E'] as const).map((by) => [s, a, by] as const)),
    ),
  )('after %s, %s by %s is refused (TerminalStatus)', (from, act, by) => {
    const revokes = act === 'revoke' ? 'request' : undefined;
    const error = refusalOf(
      when(orderKind, given(orderKind, pathTo[from]), step(act, by, revokes)),
    );
    expect(error.code).toBe('TerminalStatus');
    if (error.code === 'TerminalStatus') {
      expect(error.status).toBe(from);
      expect(error.message).toContain(`is ${from}: no act follows a terminal status`);
    }
  });

  it.each(statuses.flatMap((s) => allActs.map((a) => [s, a] as const)))(
    'in %s, %s by an outsider role is refused',
    (from, act) => {
      const cmd = command(orderKind, step(act, 'I', act === 'revoke' ? 'request' : undefined), {
        performer: { actor: 'mallory', role: outsiderRole },
      });
      const error = refusalOf(when(orderKind, given(orderKind, pathTo[from]), cmd));
      if (from === 'initial' && act !== 'request') {
        expect(error.code).toBe('UnknownTransaction');
        return;
      }
      expect(error.code).toBe('WrongRole');
      if (error.code === 'WrongRole') {
        expect(error.role).toBe(outsiderRole);
        expect(error.expected).toEqual([I, E]);
        expect(error.message).toContain(`neither the initiator (${I}) nor the executor (${E})`);
      }
    },
  );

  it.each(allActs.filter((a) => a !== 'request').map((a) => [a]))(
    '%s on a transaction that was never requested is UnknownTransaction',
    (act) => {
      const error = refusalOf(when(orderKind, given(orderKind, []), step(act, 'E')));
      expect(error.code).toBe('UnknownTransaction');
      if (error.code === 'UnknownTransaction') {
        expect(error.transactionId).toBe('tx-1');
        expect(error.message).toContain("Transaction 'tx-1' does not exist");
      }
    },
  );

  it('revoke without saying what it revokes is MalformedAct', () => {
    const error = refusalOf(
      when(orderKind, given(orderKind, pathTo.promised), step('revoke', 'I')),
    );
    expect(error.code).toBe('MalformedAct');
    expect(error.message).toContain('must say which act it revokes');
  });

  it('a standard act carrying `revokes` is MalformedAct', () => {
    const error = refusalOf(
      when(orderKind, given(orderKind, pathTo.promised), step('execute', 'E', 'promise')),
    );
    expect(error.code).toBe('MalformedAct');
    expect(error.message).toContain('execute does not');
  });

  it('accepts `state` (parsed) as `declare`', () => {
    const act = parseAct('state');
    expect(act).toBe('declare');
    const [fact] = factsOf(
      when(orderKind, given(orderKind, pathTo.executed), step(act ?? 'request', 'E')),
    );
    expect(fact!.type).toBe('OrderDeclared');
    expect(fact!.act).toBe('declare');
  });
});

describe('decide: personal roles bind actors', () => {
  it('another customer cannot accept alice’s order (WrongActor)', () => {
    const history = given(orderKind, pathTo.declared);
    expect(history.state.initiator).toEqual({ role: I, actor: 'alice' });
    const cmd = command(orderKind, step('accept', 'I'), { performer: { actor: 'bob', role: I } });
    const error = refusalOf(when(orderKind, history, cmd));
    expect(error.code).toBe('WrongActor');
    if (error.code === 'WrongActor') {
      expect(error).toMatchObject({ actor: 'bob', party: 'initiator', act: 'accept' });
      expect(error.message).toBe("Actor 'bob' is not the initiator of transaction 'tx-1'.");
    }
    factsOf(when(orderKind, history, step('accept', 'I')));
  });

  it('another customer cannot revoke alice’s request', () => {
    const cmd = command(orderKind, step('revoke', 'I', 'request'), {
      performer: { actor: 'bob', role: I },
    });
    expect(refusalOf(when(orderKind, given(orderKind, pathTo.promised), cmd)).code).toBe(
      'WrongActor',
    );
  });

  it('any actor of an impersonal executor role may act for it', () => {
    const history = given(orderKind, [
      step('request', 'I'),
      command(orderKind, step('promise', 'E'), { performer: { actor: 'shop2', role: E } }),
    ]);
    const cmd = command(orderKind, step('execute', 'E'), {
      performer: { actor: 'shop3', role: E },
    });
    expect(factsOf(when(orderKind, history, cmd))[0]!.performer).toEqual({
      actor: 'shop3',
      role: E,
      party: 'executor',
    });
  });

  it('a kind with a personal executor requires an addressee on request (MissingAddressee)', () => {
    const cmd = command(paymentKind, step('request', 'I'));
    const withoutAddressee = omit(cmd, 'addressee');
    const error = refusalOf(when(paymentKind, given(paymentKind, []), withoutAddressee));
    expect(error.code).toBe('MissingAddressee');
    if (error.code === 'MissingAddressee') {
      expect(error.role).toBe('CA01');
      expect(error.message).toContain('must name the actor it is addressed to');
    }
  });

  it('then only the addressed actor may act as executor', () => {
    const history = given(paymentKind, [
      command(paymentKind, step('request', 'I'), { addressee: 'carol' }),
    ]);
    expect(history.state.executor).toEqual({ role: 'CA01', actor: 'carol' });
    expect(history.facts[0]!.addressee).toEqual({
      role: 'CA01',
      actor: 'carol',
      party: 'executor',
    });
    const byAlice = command(paymentKind, step('promise', 'E'), {
      performer: { actor: 'alice', role: 'CA01' },
    });
    const error = refusalOf(when(paymentKind, history, byAlice));
    expect(error).toMatchObject({ code: 'WrongActor', actor: 'alice', party: 'executor' });
    const byCarol = command(paymentKind, step('promise', 'E'), {
      performer: { actor: 'carol', role: 'CA01' },
    });
    expect(factsOf(when(paymentKind, history, byCarol))[0]!.type).toBe('PaymentPromised');
  });

  it('an impersonal initiator of a payment is any actor of its role', () => {
    const history = given(paymentKind, [
      step('request', 'I'),
      step('promise', 'E'),
      step('execute', 'E'),
      step('declare', 'E'),
    ]);
    const cmd = command(paymentKind, step('accept', 'I'), {
      performer: { actor: 'shop9', role: 'A01' },
    });
    expect(factsOf(when(paymentKind, history, cmd))[0]!.type).toBe('PaymentAccepted');
  });
});

describe('decide: what a fact records', () => {
  it('records everything of the first request', () => {
    // What the command says of the act, the fact records as it is.
    const recorded: Partial<ActCommand> = {
      actId: 'root-act',
      transactionId: 'o-42',
      time: '2025-03-01T09:00:00.000Z',
      operativeTime: '2025-03-02T00:00:00.000Z',
      justification: 'birthday present',
      payload: { lines: [{ sku: 'P1', qty: 2 }] },
      causationId: 'cause-1',
    };
    const cmd = command(orderKind, step('request', 'I'), recorded);
    expect(factsOf(decide(orderKind, initialTransactionState, cmd))).toEqual([
      {
        type: 'OrderRequested',
        fact: 'requested',
        act: 'request',
        kind: 'TK01',
        ...recorded,
        // A root transaction is correlated by its first act.
        correlationId: 'root-act',
        // Who acts, to whom, and the parties the request binds.
        performer: { actor: 'alice', role: 'CA01', party: 'initiator' },
        addressee: { role: 'A01', party: 'executor' },
        parties: { initiator: { role: 'CA01', actor: 'alice' }, executor: { role: 'A01' } },
      },
    ]);
  });

  it('leaves optional fields out and defaults the payload to null', () => {
    const [fact] = factsOf(
      when(orderKind, given(orderKind, pathTo.requested), step('promise', 'E')),
    );
    expect(fact!.payload).toBeNull();
    for (const key of [
      'operativeTime',
      'justification',
      'causationId',
      'parties',
      'parent',
      'revokes',
    ]) {
      expect(fact).not.toHaveProperty(key);
    }
    expect(fact!.addressee).toEqual({ role: 'CA01', actor: 'alice', party: 'initiator' });
  });

  it('later facts inherit the correlation id of the first request', () => {
    const history = given(orderKind, [
      command(orderKind, step('request', 'I'), { actId: 'first' }),
      step('promise', 'E'),
      step('execute', 'E'),
    ]);
    expect(history.facts.map((f) => f.correlationId)).toEqual(['first', 'first', 'first']);
    const [fact] = factsOf(
      when(
        orderKind,
        history,
        command(orderKind, step('declare', 'E'), { correlationId: 'other' }),
      ),
    );
    expect(fact!.correlationId).toBe('first');
  });

  it('a child request carries its parent, the given correlation id and its causation', () => {
    const parent = { transactionId: 'o-1', kind: 'TK01' };
    const cmd = command(paymentKind, step('request', 'I'), {
      actId: 'pay-1',
      correlationId: 'order-root',
      causationId: 'o-1-promised',
      parent,
    });
    const [fact] = factsOf(decide(paymentKind, initialTransactionState, cmd));
    expect(fact).toMatchObject({
      type: 'PaymentRequested',
      kind: 'TK02',
      parent,
      correlationId: 'order-root',
      causationId: 'o-1-promised',
      performer: { actor: 'shop1', role: 'A01', party: 'initiator' },
      addressee: { role: 'CA01', actor: 'alice', party: 'executor' },
      parties: { initiator: { role: 'A01' }, executor: { role: 'CA01', actor: 'alice' } },
    });
    const history = given(paymentKind, [cmd, step('decline', 'E')]);
    expect(history.facts[1]!.correlationId).toBe('order-root');
    const [again] = factsOf(
      when(paymentKind, history, command(paymentKind, step('request', 'I'), { parent })),
    );
    expect(again).not.toHaveProperty('parent');
    expect(again!.parties).toEqual({
      initiator: { role: 'A01' },
      executor: { role: 'CA01', actor: 'alice' },
    });
  });

  it('a decline records its justification and is a fact, not an error', () => {
    const cmd = command(orderKind, step('decline', 'E'), { justification: 'P1 out of stock' });
    const [fact] = factsOf(when(orderKind, given(orderKind, pathTo.requested), cmd));
    expect(fact).toMatchObject({ type: 'OrderDeclined', justification: 'P1 out of stock' });
  });

  it('an answer to a revocation records which act it answers even when the act omits it', () => {
    const history = given(orderKind, [...pathTo.promised, step('revoke', 'I', 'request')]);
    const [fact] = factsOf(when(orderKind, history, step('refuse', 'E')));
    expect(fact).toMatchObject({
      type: 'OrderRevocationRefused',
      act: 'refuse',
      revokes: 'request',
    });
  });

  it('does not mutate the state it decides on', () => {
    const history = given(orderKind, pathTo.declared);
    const before = structuredClone(history.state);
    when(orderKind, history, step('accept', 'I'));
    when(orderKind, history, step('accept', 'E'));
    expect(history.state).toEqual(before);
  });
});
