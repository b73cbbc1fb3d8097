/**
 * The scenario runner: performs each step of a scenario against a model and reports, per step, the
 * fact appended and the new status, or the refusal and why, and whether the step's expectation held.
 */
import {
  parseAct,
  parseRevocableAct,
  type Act,
  type Fact,
  type JsonValue,
  type ProtocolError,
  type RevocableAct,
  type TransactionState,
} from '../core/index.ts';
import type { Model } from '../model/model.ts';
import type { Scenario, ScenarioStep } from './scenario.ts';

/** An act of a scenario step, resolved against the model. */
export interface ScenarioAct {
  readonly kind: string;
  readonly transactionId: string;
  readonly act: Act;
  readonly revokes?: RevocableAct;
  readonly performer: { readonly actor: string; readonly role: string };
  readonly addressee?: string;
  readonly payload?: JsonValue;
  readonly justification?: string;
  /** On a transaction's first request: the parent transaction. */
  readonly parent?: string;
}

/** What performing an act gave: the facts and the state after it, or the refusal and the unchanged state. */
export type ScenarioActOutcome =
  | { readonly ok: true; readonly facts: readonly Fact[]; readonly state: TransactionState }
  | { readonly ok: false; readonly error: ProtocolError; readonly state: TransactionState };

/** Where a scenario's acts are performed: in memory with the pure decider, or through the engine. */
export interface ScenarioTarget {
  /** Sets up what the scenario is given before its first step (ledger quantities on hand). */
  given(ledgers: Readonly<Record<string, Readonly<Record<string, number>>>>): Promise<void>;
  /** Lets time pass until `to` (ISO 8601): what the rules asked for by then runs, in due order. */
  advance(to: string): Promise<void>;
  /** A transaction's state now (the initial state when it does not exist). */
  state(transactionId: string): Promise<TransactionState>;
  perform(act: ScenarioAct): Promise<ScenarioActOutcome>;
}

/** The report of one step, in the shape `factum simulate --json` prints. */
export interface StepReport {
  readonly step: number;
  readonly tx: string;
  readonly act: string;
  /** `waited`: a step with `at` and no act let time pass. */
  readonly outcome: 'appended' | 'refused' | 'waited';
  readonly status: string;
  readonly pendingRevocation: { readonly act: RevocableAct; readonly by: string } | null;
  readonly fact?: string;
  /** The time the step happened at, when it named one. */
  readonly at?: string;
  readonly refusal?: { readonly code: string; readonly message: string };
}

/** A step's report together with its expectation, if the step had one. */
export interface StepResult {
  readonly report: StepReport;
  readonly expected?: string;
  readonly met: boolean;
}

/** The actor who fills a role in a scenario step: the step's actor, else the role's first demo actor. */
export function actorFor(model: Model, role: string, actor?: string): string {
  return actor ?? model.actorRoles[role]?.demoActors?.[0] ?? role.toLowerCase();
}

/** Resolves a (checked) scenario step into the act to perform (pure). */
export function scenarioAct(model: Model, step: ScenarioStep, kind: string): ScenarioAct {
  const act = parseAct(step.act ?? 'request') ?? 'request';
  const kindDef = model.transactionKinds[kind];
  const revokes = step.revokes === undefined ? undefined : parseRevocableAct(step.revokes);
  const payload = step.payload ?? (act === 'request' ? kindDef?.example : undefined);
  const executorRole = kindDef?.executor ?? '';
  const addressee =
    act === 'request'
      ? (step.addressee ?? model.actorRoles[executorRole]?.demoActors?.[0])
      : undefined;
  return {
    kind,
    transactionId: step.tx,
    act,
    ...(revokes === undefined ? {} : { revokes }),
    performer: { actor: actorFor(model, step.by ?? '', step.actor), role: step.by ?? '' },
    ...(addressee === undefined ? {} : { addressee }),
    ...(payload === undefined ? {} : { payload: payload }),
    ...(step.justification === undefined ? {} : { justification: step.justification }),
    ...(step.parent === undefined ? {} : { parent: step.parent }),
  };
}

/** A state's pending revocation as a step reports it: the act and the role that revoked it (pure). */
function pendingRevocationOf(state: TransactionState): StepReport['pendingRevocation'] {
  const pending = state.pendingRevocation;
  if (pending === null) return null;
  const party = pending.by === 'initiator' ? state.initiator : state.executor;
  return { act: pending.revokes, by: party?.role ?? '' };
}

/** Runs every step of a checked scenario against a target, yielding one result per step. */
export async function* runScenario(
  model: Model,
  scenario: Scenario,
  target: ScenarioTarget,
): AsyncGenerator<StepResult> {
  const kinds = new Map<string, string>();
  await target.given(scenario.given?.ledgers ?? {});
  for (const [index, step] of scenario.steps.entries()) {
    const kind = step.kind ?? kinds.get(step.tx) ?? '';
    kinds.set(step.tx, kind);
    if (step.at !== undefined) await target.advance(step.at);
    const at = step.at === undefined ? {} : { at: step.at };
    if (step.act === undefined) {
      const state = await target.state(step.tx);
      const report: StepReport = {
        step: index + 1,
        tx: step.tx,
        act: 'wait',
        ...at,
        outcome: 'waited',
        status: state.status,
        pendingRevocation: pendingRevocationOf(state),
      };
      const met = step.expect === undefined || step.expect === state.status;
      yield { report, ...(step.expect === undefined ? {} : { expected: step.expect }), met };
      continue;
    }
    const outcome = await target.perform(scenarioAct(model, step, kind));
    const pendingRevocation = pendingRevocationOf(outcome.state);
    const report: StepReport = outcome.ok
      ? {
          step: index + 1,
          tx: step.tx,
          act: step.act,
          ...at,
          outcome: 'appended',
          status: outcome.state.status,
          pendingRevocation,
          fact: outcome.facts.map((f) => f.type).join(','),
        }
      : {
          step: index + 1,
          tx: step.tx,
          act: step.act,
          ...at,
          outcome: 'refused',
          status: outcome.state.status,
          pendingRevocation,
          refusal: { code: outcome.error.code, message: outcome.error.message },
        };
    const met =
      step.expect === undefined ||
      (step.expect === 'refused'
        ? !outcome.ok
        : outcome.ok
          ? step.expect === outcome.state.status
          : step.expect === outcome.error.code);
    yield { report, ...(step.expect === undefined ? {} : { expected: step.expect }), met };
  }
}

/** Renders a step result as one readable line (pure). */
export function formatStep(result: StepResult): string {
  const { report } = result;
  const pending = report.pendingRevocation
    ? ` (revocation of the ${report.pendingRevocation.act} by ${report.pendingRevocation.by} pending)`
    : '';
  const head = `${String(report.step).padStart(3)}  ${report.tx}  ${report.act}`;
  const body =
    report.outcome === 'waited'
      ? `until ${report.at ?? ''}: now ${report.status}${pending}`
      : report.outcome === 'appended'
        ? `→ ${report.fact ?? ''}, now ${report.status}${pending}`
        : `refused ${report.refusal?.code ?? ''}: ${report.refusal?.message ?? ''} (still ${report.status}${pending})`;
  const expectation = result.met ? '' : `   ✗ expected ${result.expected ?? ''}`;
  return `${head}  ${body}${expectation}`;
}
