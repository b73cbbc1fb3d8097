/**
 * Specifications of a model as given / when / then: given the acts that happened before (and the
 * quantities on hand), when one act is performed, then exactly these facts are appended — or the
 * act is refused with this typed refusal. Runs on a fresh in-memory engine per specification and
 * throws a {@link SpecificationFailure} saying what differed, so it works under any test runner.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Fact, JsonValue, ProtocolError } from '../core/index.ts';
import type { RuleActOutcome } from '../engine/rules/respond-to-facts.ts';
import type { Model } from '../model/model.ts';
import { engineScenarioTarget } from '../scenario/engine-target.ts';
import { scenarioAct, type ScenarioActOutcome } from '../scenario/run-scenario.ts';
import type { ScenarioStep } from '../scenario/scenario.ts';

/** An act of a specification, written as a scenario step is (see the README's scenario table). */
export interface SpecAct {
  /** Names the transaction (its id); the first act on it needs `kind`. */
  readonly tx: string;
  /** The transaction kind, on the transaction's first act. */
  readonly kind?: string;
  /** The actor role performing the act. */
  readonly by: string;
  /** The actor filling the role; default the role's first demo actor. */
  readonly actor?: string;
  /** `request`, `promise`, …, `revoke`, `allow`, `refuse`. */
  readonly act: string;
  /** With `revoke`, `allow`, `refuse`: the act revoked. */
  readonly revokes?: string;
  /** On a request: the actor addressed (default the executor role's first demo actor). */
  readonly addressee?: string;
  /** On a request: the parent transaction's name. */
  readonly parent?: string;
  /** The act's payload; a request without one uses its kind's `example`. */
  readonly payload?: JsonValue;
  readonly justification?: string;
}

/** A fact expected to be appended: its business type (`OrderPromised`), or that with more detail. */
export type ExpectedFact =
  | string
  | {
      readonly type: string;
      /** The transaction it belongs to, by the name the specification gave it. */
      readonly tx?: string;
      /** The payload's expected fields (the ones named must be equal; others may be there too). */
      readonly payload?: JsonValue;
    };

/** Ledger quantities on hand before the first act: `{ stock: { 'MUG-001': 5 } }`. */
export type GivenLedgers = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** How a specification runs. */
export interface SpecOptions {
  /** Let the model's action rules respond to every fact until quiet (their facts count in `then`). */
  readonly rules?: boolean;
}

/** Thrown when what happened is not what the specification says. */
export class SpecificationFailure extends Error {
  override readonly name = 'SpecificationFailure';
}

/** What the act of `when` gave: the facts appended (with the rules' facts after it), or its refusal. */
export type SpecOutcome =
  | { readonly ok: true; readonly facts: readonly Fact[] }
  | { readonly ok: false; readonly refusal: ProtocolError };

/** The act of `when`, ready to be checked against its facts or its refusal. */
export interface SpecWhen {
  /** Performs everything and resolves to what the act gave, without checking it. */
  outcome(): Promise<SpecOutcome>;
  /** Asserts that exactly these facts were appended, in order; resolves to them. */
  thenFacts(...expected: readonly ExpectedFact[]): Promise<readonly Fact[]>;
  /** Asserts that the act was refused with this code (and a message containing `text`). */
  thenRefused<Code extends ProtocolError['code']>(
    code: Code,
    text?: string,
  ): Promise<Extract<ProtocolError, { code: Code }>>;
}

/** A specification being written: what is given, then the act `when`. */
export interface ModelSpec {
  /** Adds acts performed before `when` (each must succeed); returns a new specification. */
  given(...acts: readonly SpecAct[]): ModelSpec;
  /** Adds ledger quantities on hand before the first act; returns a new specification. */
  givenLedgers(ledgers: GivenLedgers): ModelSpec;
  /** The act under test. */
  when(act: SpecAct): SpecWhen;
}

function describeAct(act: SpecAct): string {
  return `${act.by} ${act.act}${act.revokes === undefined ? '' : ` ${act.revokes}`} on ${act.tx}`;
}

function describeFact(fact: Fact): string {
  return `${fact.type} (${fact.transactionId})`;
}

function describeExpected(expected: ExpectedFact): string {
  return typeof expected === 'string'
    ? expected
    : `${expected.type}${expected.tx === undefined ? '' : ` (${expected.tx})`}`;
}

/** Whether `actual` has every field of `expected`, recursively (arrays equal in full) (pure). */
function containsFields(actual: JsonValue, expected: JsonValue): boolean {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected))
    return isDeepStrictEqual(actual, expected);
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([key, value]) => {
    const field = (actual as Readonly<Record<string, JsonValue>>)[key];
    return field !== undefined && containsFields(field, value);
  });
}

function matches(fact: Fact, expected: ExpectedFact): boolean {
  if (typeof expected === 'string') return fact.type === expected;
  return (
    fact.type === expected.type &&
    (expected.tx === undefined || fact.transactionId === expected.tx) &&
    (expected.payload === undefined || containsFields(fact.payload, expected.payload))
  );
}

function rulesFacts(outcomes: readonly RuleActOutcome[]): Fact[] {
  return outcomes.flatMap((outcome) => (outcome.outcome === 'appended' ? outcome.facts : []));
}

async function run(
  model: Model,
  options: SpecOptions,
  ledgers: GivenLedgers,
  given: readonly SpecAct[],
  when: SpecAct,
): Promise<SpecOutcome> {
  let ruleFacts: Fact[] = [];
  let tick = Date.parse('2026-01-01T00:00:00.000Z');
  const target = engineScenarioTarget(model, {
    rules: options.rules ?? false,
    clock: () => new Date((tick += 1000)),
    onRules: (outcomes) => {
      ruleFacts = rulesFacts(outcomes);
    },
  });
  await target.given(ledgers);
  const kinds = new Map<string, string>();
  const perform = (act: SpecAct): Promise<ScenarioActOutcome> => {
    const kind = act.kind ?? kinds.get(act.tx);
    if (kind === undefined)
      throw new SpecificationFailure(
        `${describeAct(act)}: the first act on '${act.tx}' must name its kind`,
      );
    kinds.set(act.tx, kind);
    ruleFacts = [];
    const { payload, ...rest } = act;
    const step =
      payload === undefined ? rest : { ...rest, payload: payload as ScenarioStep['payload'] };
    return target.perform(scenarioAct(model, step, kind));
  };
  for (const [index, act] of given.entries()) {
    const outcome = await perform(act);
    if (!outcome.ok)
      throw new SpecificationFailure(
        `given act ${index + 1} (${describeAct(act)}) was refused: ${outcome.error.code}: ${outcome.error.message}`,
      );
  }
  const outcome = await perform(when);
  return outcome.ok
    ? { ok: true, facts: [...outcome.facts, ...ruleFacts] }
    : { ok: false, refusal: outcome.error };
}

function specWhen(run: () => Promise<SpecOutcome>, act: SpecAct): SpecWhen {
  return {
    outcome: run,
    async thenFacts(...expected) {
      const outcome = await run();
      if (!outcome.ok)
        throw new SpecificationFailure(
          `when ${describeAct(act)}: expected ${expected.map(describeExpected).join(', ') || 'no facts'}, but it was refused: ${outcome.refusal.code}: ${outcome.refusal.message}`,
        );
      const same =
        outcome.facts.length === expected.length &&
        outcome.facts.every((fact, index) => matches(fact, expected[index] as ExpectedFact));
      if (!same)
        throw new SpecificationFailure(
          `when ${describeAct(act)}: expected ${expected.map(describeExpected).join(', ') || 'no facts'}, but got ${outcome.facts.map(describeFact).join(', ') || 'no facts'}`,
        );
      return outcome.facts;
    },
    async thenRefused(code, text) {
      const outcome = await run();
      if (outcome.ok)
        throw new SpecificationFailure(
          `when ${describeAct(act)}: expected the refusal ${code}, but it appended ${outcome.facts.map(describeFact).join(', ')}`,
        );
      if (
        outcome.refusal.code !== code ||
        (text !== undefined && !outcome.refusal.message.includes(text))
      )
        throw new SpecificationFailure(
          `when ${describeAct(act)}: expected the refusal ${code}${text === undefined ? '' : ` saying '${text}'`}, but it was refused with ${outcome.refusal.code}: ${outcome.refusal.message}`,
        );
      return outcome.refusal as Extract<ProtocolError, { code: typeof code }>;
    },
  };
}

function modelSpec(
  model: Model,
  options: SpecOptions,
  ledgers: GivenLedgers,
  given: readonly SpecAct[],
): ModelSpec {
  return {
    given: (...acts) => modelSpec(model, options, ledgers, [...given, ...acts]),
    givenLedgers: (more) => modelSpec(model, options, { ...ledgers, ...more }, given),
    when: (act) => specWhen(() => run(model, options, ledgers, given, act), act),
  };
}

/**
 * Starts a given / when / then specification of a model, run in memory through the engine (payload
 * checks, wait links and ledgers apply; action rules with `rules: true`).
 *
 * @example
 * await specify(shopModel)
 *   .given({ tx: 'o1', kind: 'TK01', by: 'CA01', act: 'request' })
 *   .when({ tx: 'o1', by: 'A01', act: 'execute' })
 *   .thenRefused('ActNotAllowed');
 */
export function specify(model: Model, options: SpecOptions = {}): ModelSpec {
  return modelSpec(model, options, {}, []);
}
