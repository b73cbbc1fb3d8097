/**
 * Property tests of the pattern: random act sequences by random roles and actors, checked against
 * the live state, a replay from scratch, and an oracle built only from the docs' tables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allActs, revocableActs, type Act, type RevocableAct } from './acts.ts';
import type { ActCommand, TransactionKindSpec } from './act-command.ts';
import { isTerminal, transactionDecider } from './decider.ts';
import { fold } from './evolve.ts';
import type { Fact } from './fact.ts';
import type { ProtocolError, ProtocolErrorCode } from './protocol-error.ts';
import type { Result } from './result.ts';
import type { Status } from '../protocol/pattern.ts';
import { businessFactType, factKinds } from './transaction-pattern.ts';
import { initialTransactionState, type TransactionState } from './transaction-state.ts';
import {
  docRevocationRows,
  docStandardRows,
  docStatuses,
  docTerminal,
  orderKind,
  outsiderRole,
  partyOf,
  paymentKind,
} from './pattern.fixtures.test-support.ts';

type By = 'I' | 'E';

/** The docs' view of a transaction: status, pending revocation, and the actors personal roles bind. */
interface Model {
  readonly status: Status;
  readonly pending: {
    readonly revokes: RevocableAct;
    readonly by: By;
    readonly from: Status;
  } | null;
  readonly actor: { readonly I?: string; readonly E?: string };
}

const initialModel: Model = { status: 'initial', pending: null, actor: {} };
const actors = ['alice', 'bob', 'shop1', 'shop2', 'mallory'] as const;
const runs = 400;

const revocationRow = (revokes: RevocableAct) =>
  docRevocationRows.find((r) => r.revokes === revokes)!;
const standardRow = (from: Status, act: Act) =>
  docStandardRows.find(([f, a]) => f === from && a === act);

/** Every reason the docs give to refuse this act here; an empty set means the act is accepted. */
function reasons(spec: TransactionKindSpec, m: Model, cmd: ActCommand): Set<ProtocolErrorCode> {
  const out = new Set<ProtocolErrorCode>();
  const { act, revokes } = cmd;
  const { role, actor } = cmd.performer;
  if (m.status === 'initial' && act !== 'request') out.add('UnknownTransaction');
  if (role !== spec.initiator.role && role !== spec.executor.role) out.add('WrongRole');
  if (docTerminal.includes(m.status)) out.add('TerminalStatus');
  let by: By | undefined;
  if (act === 'allow' || act === 'refuse') {
    if (m.pending === null) out.add('ActNotAllowed');
    else if (revokes !== undefined && revokes !== m.pending.revokes) out.add('ActNotAllowed');
    else by = revocationRow(m.pending.revokes).answeredBy;
  } else if (m.pending !== null) {
    out.add('RevocationPending');
  } else if (act === 'revoke') {
    if (revokes === undefined) out.add('MalformedAct');
    else if (!revocationRow(revokes).from.includes(m.status)) out.add('ActNotAllowed');
    else by = revocationRow(revokes).by;
  } else {
    if (revokes !== undefined) out.add('MalformedAct');
    const row = standardRow(m.status, act);
    if (row === undefined) out.add('ActNotAllowed');
    else by = row[2];
  }
  if (by !== undefined) {
    if (role !== spec[partyOf(by)].role) out.add('WrongRole');
    else if (m.actor[by] !== undefined && m.actor[by] !== actor) out.add('WrongActor');
  }
  if (
    m.status === 'initial' &&
    act === 'request' &&
    spec.executor.personal &&
    cmd.addressee === undefined
  ) {
    out.add('MissingAddressee');
  }
  return out;
}

/** The docs' next state after an accepted act. */
function nextModel(spec: TransactionKindSpec, m: Model, cmd: ActCommand): Model {
  const { act, revokes } = cmd;
  if (act === 'revoke' && revokes !== undefined) {
    return { ...m, pending: { revokes, by: revocationRow(revokes).by, from: m.status } };
  }
  if ((act === 'allow' || act === 'refuse') && m.pending !== null) {
    const status = act === 'allow' ? revocationRow(m.pending.revokes).afterAllow : m.pending.from;
    return { ...m, status, pending: null };
  }
  const row = standardRow(m.status, act);
  if (row === undefined) throw new Error(`oracle: ${act} accepted in ${m.status}`);
  if (m.status === 'initial') {
    const actor = {
      ...(spec.initiator.personal ? { I: cmd.performer.actor } : {}),
      ...(spec.executor.personal && cmd.addressee !== undefined ? { E: cmd.addressee } : {}),
    };
    return { ...m, status: row[3], actor };
  }
  return { ...m, status: row[3] };
}

/** The acts the docs enable in a model state, with the party that performs each. */
function enabled(m: Model): { act: Act; by: By; revokes?: RevocableAct }[] {
  if (docTerminal.includes(m.status)) return [];
  if (m.pending !== null) {
    const by = revocationRow(m.pending.revokes).answeredBy;
    return [
      { act: 'allow', by, revokes: m.pending.revokes },
      { act: 'refuse', by, revokes: m.pending.revokes },
    ];
  }
  return [
    ...docStandardRows.filter(([from]) => from === m.status).map(([, act, by]) => ({ act, by })),
    ...docRevocationRows
      .filter((r) => r.from.includes(m.status))
      .map((r) => ({ act: 'revoke' as const, by: r.by, revokes: r.revokes })),
  ];
}

/** A step of a generated sequence: a fully random act, or one the docs enable (so runs get far). */
type GenStep =
  | {
      readonly kind: 'random';
      readonly act: Act;
      readonly revokes: RevocableAct | undefined;
      readonly roleIndex: number;
      readonly actor: string;
      readonly addressee: string | undefined;
    }
  | {
      readonly kind: 'guided';
      readonly pick: number;
      readonly actorPick: number;
      readonly omitRevokes: boolean;
      readonly omitAddressee: boolean;
      /** Pick among the standard acts when there are any, so that runs go deep before revoking. */
      readonly forward: boolean;
    };

const randomStep: fc.Arbitrary<GenStep> = fc.record({
  kind: fc.constant('random' as const),
  act: fc.constantFrom(...allActs),
  revokes: fc.option(fc.constantFrom(...revocableActs), { nil: undefined }),
  roleIndex: fc.integer({ min: 0, max: 2 }),
  actor: fc.constantFrom(...actors),
  addressee: fc.option(fc.constantFrom(...actors), { nil: undefined }),
});
const guidedStep: fc.Arbitrary<GenStep> = fc.record({
  kind: fc.constant('guided' as const),
  pick: fc.nat(),
  actorPick: fc.nat(),
  omitRevokes: fc.boolean(),
  omitAddressee: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  forward: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
});
const scenario = fc.record({
  spec: fc.constantFrom(orderKind, paymentKind),
  steps: fc.array(
    fc.oneof({ arbitrary: randomStep, weight: 1 }, { arbitrary: guidedStep, weight: 2 }),
    {
      minLength: 1,
      maxLength: 40,
    },
  ),
});

/** Turns a generated step into a command in the current model state. */
function toCommand(spec: TransactionKindSpec, m: Model, s: GenStep, i: number): ActCommand {
  const base = {
    actId: `act-${i}`,
    transactionId: 'tx-p',
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
  };
  if (s.kind === 'random') {
    const role =
      [spec.initiator.role, spec.executor.role, outsiderRole][s.roleIndex] ?? outsiderRole;
    return {
      ...base,
      act: s.act,
      ...(s.revokes === undefined ? {} : { revokes: s.revokes }),
      performer: { actor: s.actor, role },
      ...(s.addressee === undefined ? {} : { addressee: s.addressee }),
    };
  }
  const all = enabled(m);
  const standard = all.filter((o) => o.act !== 'revoke');
  const options = s.forward && standard.length > 0 ? standard : all;
  // Nothing enabled (terminal): try a request anyway, which must be refused.
  const choice = options[s.pick % Math.max(options.length, 1)] ?? {
    act: 'request' as const,
    by: 'I' as const,
  };
  const actor = m.actor[choice.by] ?? actors[s.actorPick % actors.length] ?? 'alice';
  const keepRevokes = choice.revokes !== undefined && (choice.act === 'revoke' || !s.omitRevokes);
  return {
    ...base,
    act: choice.act,
    ...(keepRevokes ? { revokes: choice.revokes } : {}),
    performer: { actor, role: spec[partyOf(choice.by)].role },
    ...(s.omitAddressee ? {} : { addressee: actors[(s.actorPick + 1) % actors.length] ?? 'alice' }),
  };
}

/** One act of a played sequence, with the states around it. */
interface Played {
  readonly command: ActCommand;
  readonly result: Result<readonly Fact[], ProtocolError>;
  readonly before: TransactionState;
  readonly after: TransactionState;
  readonly model: Model;
  readonly modelAfter: Model;
  readonly expected: Set<ProtocolErrorCode>;
  /** The log after the act. */
  readonly log: readonly Fact[];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Plays a sequence like an engine would: decide on the live state, append the facts, evolve. */
function play(spec: TransactionKindSpec, steps: readonly GenStep[]): Played[] {
  const decider = transactionDecider(spec);
  let state = decider.initialState;
  let model = initialModel;
  const log: Fact[] = [];
  const out: Played[] = [];
  steps.forEach((s, i) => {
    const command = toCommand(spec, model, s, i);
    const before = deepFreeze(state);
    const result = decider.decide(before, command);
    const expected = reasons(spec, model, command);
    const modelBefore = model;
    if (result.ok) {
      for (const fact of result.value) {
        log.push(fact);
        state = decider.evolve(state, fact);
      }
      if (expected.size === 0) model = nextModel(spec, model, command);
    }
    out.push({
      command,
      result,
      before,
      after: state,
      model: modelBefore,
      modelAfter: model,
      expected,
      log: [...log],
    });
  });
  return out;
}

const check = (predicate: (spec: TransactionKindSpec, played: Played[]) => void): void => {
  fc.assert(
    fc.property(scenario, ({ spec, steps }) => {
      predicate(spec, play(spec, steps));
    }),
    { numRuns: runs },
  );
};

const describeCommand = (c: ActCommand): string =>
  `${c.act}${c.revokes === undefined ? '' : `(${c.revokes})`} by ${c.performer.actor}/${c.performer.role}`;

describe('the pattern under random act sequences by random roles', () => {
  it('decide accepts exactly what the docs allow, and refuses with one of the docs’ reasons', () => {
    check((_spec, played) => {
      for (const p of played) {
        const what = `${describeCommand(p.command)} in ${p.model.status}`;
        if (p.expected.size === 0) {
          expect(p.result.ok, `${what} should be accepted`).toBe(true);
        } else {
          expect(p.result.ok, `${what} should be refused: ${[...p.expected].join('|')}`).toBe(
            false,
          );
          if (!p.result.ok) expect([...p.expected], what).toContain(p.result.error.code);
        }
        expect(p.after.status, what).toBe(p.modelAfter.status);
        expect(
          p.after.pendingRevocation === null
            ? null
            : {
                revokes: p.after.pendingRevocation.revokes,
                by: p.after.pendingRevocation.by,
                from: p.after.pendingRevocation.from,
              },
          what,
        ).toEqual(
          p.modelAfter.pending === null
            ? null
            : { ...p.modelAfter.pending, by: partyOf(p.modelAfter.pending.by) },
        );
      }
    });
  });

  it('a refused act appends nothing and leaves the state unchanged', () => {
    check((spec, played) => {
      const decider = transactionDecider(spec);
      let previousLog = 0;
      for (const p of played) {
        // `play` hands decide a deep-frozen state, so any mutation would have thrown; deciding again
        // on the same state gives the same answer (decide is pure).
        expect(decider.decide(p.before, p.command)).toEqual(p.result);
        if (!p.result.ok) {
          expect(p.result).not.toHaveProperty('value');
          expect(p.log).toHaveLength(previousLog);
          expect(fold(initialTransactionState, p.log)).toEqual(p.before);
          expect(p.after.status).toBe(p.model.status);
          expect(p.after.pendingRevocation).toEqual(p.before.pendingRevocation);
          expect(p.result.error.message.length).toBeGreaterThan(20);
        } else {
          expect(p.result.value).toHaveLength(1);
          expect(p.log).toHaveLength(previousLog + 1);
          expect(p.after.version).toBe(p.before.version + 1);
        }
        previousLog = p.log.length;
      }
    });
  });

  it('folding the appended facts from scratch gives the live state', () => {
    check((_spec, played) => {
      for (const p of played) {
        // Through JSON, as a store would keep them.
        const stored = JSON.parse(JSON.stringify(p.log)) as Fact[];
        expect(fold(initialTransactionState, stored)).toEqual(p.after);
      }
    });
  });

  it('nothing follows a terminal status', () => {
    check((spec, played) => {
      let terminalAt: Status | undefined;
      for (const p of played) {
        if (terminalAt !== undefined) {
          expect(p.result.ok, describeCommand(p.command)).toBe(false);
          if (!p.result.ok) {
            const outsider = p.command.performer.role === outsiderRole;
            expect(p.result.error.code).toBe(outsider ? 'WrongRole' : 'TerminalStatus');
          }
          expect(p.after.status).toBe(terminalAt);
        }
        if (isTerminal(p.after)) {
          terminalAt ??= p.after.status;
          expect(transactionDecider(spec).isTerminal(p.after)).toBe(true);
        }
      }
    });
  });

  it('every accepted transaction passed through requested, promised, executed and declared, in order', () => {
    check((_spec, played) => {
      const trace: Status[] = [];
      for (const p of played) {
        if (!p.result.ok) continue;
        const fact = p.result.value[0]!;
        if (fact.act === 'accept') {
          expect(p.before.status).toBe('declared');
          const order = ['requested', 'promised', 'executed', 'declared'];
          let next = 0;
          for (const s of trace) if (s === order[next]) next += 1;
          expect(next, `trace ${trace.join(' → ')}`).toBe(order.length);
        }
        if (p.after.status !== p.before.status) trace.push(p.after.status);
      }
    });
  });

  it('every fact records its type, performer, addressee, time, ids and correlation', () => {
    check((spec, played) => {
      const root = played.find((p) => p.result.ok);
      for (const p of played) {
        if (!p.result.ok) continue;
        const fact = p.result.value[0]!;
        expect(fact.type).toBe(businessFactType(spec.name, fact.fact));
        expect(fact.act).toBe(p.command.act);
        expect(fact.kind).toBe(spec.id);
        expect(fact.transactionId).toBe('tx-p');
        expect(fact.actId).toBe(p.command.actId);
        expect(fact.time).toBe(p.command.time);
        expect(fact.correlationId).toBe(root?.command.actId);
        expect(fact.performer.actor).toBe(p.command.performer.actor);
        expect(fact.performer.role).toBe(p.command.performer.role);
        expect(spec[fact.performer.party].role).toBe(fact.performer.role);
        expect(fact.addressee.party).not.toBe(fact.performer.party);
        expect(spec[fact.addressee.party].role).toBe(fact.addressee.role);
        const boundAddressee =
          fact.addressee.party === 'initiator' ? p.after.initiator : p.after.executor;
        expect({
          role: fact.addressee.role,
          ...(fact.addressee.actor === undefined ? {} : { actor: fact.addressee.actor }),
        }).toEqual(boundAddressee);
      }
    });
  });
});

describe('the generated sequences reach every corner', () => {
  it('visit every status, every fact kind and every refusal decide can give', () => {
    const statuses = new Set<Status>();
    const facts = new Set<string>();
    const codes = new Set<string>();
    for (const { spec, steps } of fc.sample(scenario, { numRuns: runs, seed: 20250101 })) {
      for (const p of play(spec, steps)) {
        statuses.add(p.after.status);
        if (p.result.ok) p.result.value.forEach((f) => facts.add(f.fact));
        else codes.add(p.result.error.code);
      }
    }
    expect([...statuses].sort()).toEqual([...docStatuses].sort());
    expect([...facts].sort()).toEqual([...factKinds].sort());
    expect([...codes].sort()).toEqual(
      [
        'ActNotAllowed',
        'MalformedAct',
        'MissingAddressee',
        'RevocationPending',
        'TerminalStatus',
        'UnknownTransaction',
        'WrongActor',
        'WrongRole',
      ].sort(),
    );
  });
});
