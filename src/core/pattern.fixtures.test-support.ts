/**
 * Test support for the core's tests (not public API): two transaction kinds, an act builder, a
 * given/when helper, and the reference tables of the Complete Transaction Pattern as read from
 * docs/transaction-pattern.md, so that a test can hold the data tables against the docs instead of
 * against themselves.
 */
import type { Act, Party, RevocableAct, StandardAct } from './acts.ts';
import type { ActCommand, TransactionKindSpec } from './act-command.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { Fact } from './fact.ts';
import type { ProtocolError } from './protocol-error.ts';
import type { Result } from './result.ts';
import type { FactKind, Status } from '../protocol/pattern.ts';
import { readPatternDoc } from '../../test/pattern-doc.ts';
import { initialTransactionState, type TransactionState } from './transaction-state.ts';

/** TK01 of the shop: a personal initiator (each customer acts for itself), an impersonal executor. */
export const orderKind: TransactionKindSpec = {
  id: 'TK01',
  name: 'Order',
  initiator: { role: 'CA01', personal: true },
  executor: { role: 'A01', personal: false },
};

/** TK02 of the shop: the executor role is personal, so a request must name the customer who pays. */
export const paymentKind: TransactionKindSpec = {
  id: 'TK02',
  name: 'Payment',
  initiator: { role: 'A01', personal: false },
  executor: { role: 'CA01', personal: true },
};

/** A role that is neither party of either kind. */
export const outsiderRole = 'X99';

/** The default actor of each party of each kind in the hand-written scenarios. */
export const defaultActors: Readonly<Record<string, Readonly<Record<Party, string>>>> = {
  TK01: { initiator: 'alice', executor: 'shop1' },
  TK02: { initiator: 'shop1', executor: 'alice' },
};

// Read from docs/transaction-pattern.md: its strings are cast to the pattern's types, and the tests
// that compare them with the engine's tables are what says whether they are right.
const doc = readPatternDoc();

/** Statuses of the docs' status table, in its order, and the ones marked terminal. */
export const docStatuses = doc.statuses as readonly Status[];
export const docTerminal = doc.terminal as readonly Status[];

/** "The standard pattern" table of the docs, row by row: [from, act, by, to]. */
export const docStandardRows = doc.standardRows as readonly (readonly [
  Status,
  StandardAct,
  'I' | 'E',
  Status,
])[];

/** One row of "The four revocation patterns" table of the docs. */
export interface DocRevocationRow {
  readonly revokes: RevocableAct;
  readonly by: 'I' | 'E';
  readonly from: readonly Status[];
  readonly answeredBy: 'I' | 'E';
  readonly afterAllow: Status;
  /** The business event suffix of the revoke fact (docs: "Business events"). */
  readonly event: string;
}

/** "The four revocation patterns" table of the docs. After refuse: always the status it started from. */
export const docRevocationRows = doc.revocationRows as readonly DocRevocationRow[];

/** The fifteen fact kinds of the docs' "Business events", in its order, and their events for an Order. */
export const docFactKinds = doc.factKinds as readonly FactKind[];
export const docOrderEvents: readonly string[] = doc.orderEvents;

/** Maps the docs' I/E to a party. */
export function partyOf(by: 'I' | 'E'): Party {
  return by === 'I' ? 'initiator' : 'executor';
}

/** One scripted act: which act, by which party (its kind's role and default actor), and what it revokes. */
export interface Step {
  readonly act: Act;
  readonly by: 'I' | 'E';
  readonly revokes?: RevocableAct;
}

/** Builds a scripted step (pure). */
export function step(act: Act, by: 'I' | 'E', revokes?: RevocableAct): Step {
  return revokes === undefined ? { act, by } : { act, by, revokes };
}

/** A path from `initial` to each status along the docs' tables, used to set up a `given`. */
export const pathTo: Readonly<Record<Status, readonly Step[]>> = {
  initial: [],
  requested: [step('request', 'I')],
  promised: [step('request', 'I'), step('promise', 'E')],
  declined: [step('request', 'I'), step('decline', 'E')],
  quitted: [step('request', 'I'), step('decline', 'E'), step('quit', 'I')],
  executed: [step('request', 'I'), step('promise', 'E'), step('execute', 'E')],
  declared: [
    step('request', 'I'),
    step('promise', 'E'),
    step('execute', 'E'),
    step('declare', 'E'),
  ],
  accepted: [
    step('request', 'I'),
    step('promise', 'E'),
    step('execute', 'E'),
    step('declare', 'E'),
    step('accept', 'I'),
  ],
  rejected: [
    step('request', 'I'),
    step('promise', 'E'),
    step('execute', 'E'),
    step('declare', 'E'),
    step('reject', 'I'),
  ],
  stopped: [
    step('request', 'I'),
    step('promise', 'E'),
    step('execute', 'E'),
    step('declare', 'E'),
    step('reject', 'I'),
    step('stop', 'E'),
  ],
  revoked: [step('request', 'I'), step('revoke', 'I', 'request'), step('allow', 'E')],
};

let counter = 0;

/** A fresh act id for hand-built commands. */
export function nextActId(): string {
  counter += 1;
  return `act-${counter}`;
}

/** Builds a command for a kind: the step's party acts in its role, by its default actor unless given. */
export function command(
  spec: TransactionKindSpec,
  s: Step,
  overrides: Partial<ActCommand> = {},
): ActCommand {
  const party = partyOf(s.by);
  const actor = defaultActors[spec.id]?.[party] ?? 'someone';
  const base: ActCommand = {
    actId: nextActId(),
    transactionId: 'tx-1',
    act: s.act,
    ...(s.revokes === undefined ? {} : { revokes: s.revokes }),
    performer: { actor, role: spec[party].role },
    // A personal executor must be named on the first request; harmless otherwise.
    ...(s.act === 'request' && spec.executor.personal
      ? { addressee: defaultActors[spec.id]?.executor ?? 'someone' }
      : {}),
    time: '2025-01-01T10:00:00.000Z',
  };
  return { ...base, ...overrides };
}

/** A copy of an object without one key, e.g. a command without its addressee (pure). */
export function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as Omit<T, K>;
}

/** What a `given` produces: the facts of the history and the state folded from them. */
export interface Given {
  readonly facts: readonly Fact[];
  readonly state: TransactionState;
}

/** Plays acts from `initial`, failing loudly if any is refused: the `given` of a given/when/then test. */
export function given(spec: TransactionKindSpec, steps: readonly (Step | ActCommand)[]): Given {
  let state = initialTransactionState;
  const facts: Fact[] = [];
  for (const s of steps) {
    const cmd = 'performer' in s ? s : command(spec, s);
    const result = decide(spec, state, cmd);
    if (!result.ok) {
      throw new Error(`given: ${cmd.act} refused in ${state.status}: ${result.error.message}`);
    }
    for (const fact of result.value) {
      facts.push(fact);
      state = evolve(state, fact);
    }
  }
  return { facts, state };
}

/** Decides one act against a `given`: the `when` of a given/when/then test. */
export function when(
  spec: TransactionKindSpec,
  history: Given,
  cmd: ActCommand | Step,
): Result<readonly Fact[], ProtocolError> {
  return decide(spec, history.state, 'performer' in cmd ? cmd : command(spec, cmd));
}

/** The refusal of a result, or an error saying the act was accepted. */
export function refusalOf(result: Result<readonly Fact[], ProtocolError>): ProtocolError {
  if (result.ok) {
    throw new Error(`expected a refusal, got facts: ${result.value.map((f) => f.type).join(', ')}`);
  }
  return result.error;
}

/** The facts of a result, or an error carrying the refusal's message. */
export function factsOf(result: Result<readonly Fact[], ProtocolError>): readonly Fact[] {
  if (!result.ok)
    throw new Error(`expected facts, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
