/**
 * Runs a scenario's acts through the engine over an in-memory store: the model's payload checks and
 * wait links apply, and with `rules` the action rules respond to every fact until quiet. What the
 * rules ask for later (an act with `at`, a deadline rule) waits until a step's `at` passes its due
 * time; then it runs, in due order, at that time.
 */
import { initialTransactionState, type Fact } from '../core/index.ts';
import { createEngine } from '../engine/engine.ts';
import { receiveIntoLedger } from '../engine/ledger-effects.ts';
import type { EventStore } from '../engine/ports/event-store.ts';
import { respondWithRule, type RuleActOutcome } from '../engine/rules/respond-to-facts.ts';
import { intentToAct, rulesTriggeredBy } from '../engine/rules/rule-intents.ts';
import type { ActIntent, ActionRule } from '../model/action-rule.ts';
import type { Model } from '../model/model.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import type { ScenarioAct, ScenarioActOutcome, ScenarioTarget } from './run-scenario.ts';

export interface EngineTargetOptions {
  /** Run the action rules after each step. */
  readonly rules: boolean;
  /** Actor roles the scenario plays by hand: their rules stand down even when `rules` is on. */
  readonly byHand?: readonly string[];
  /** The clock: each act takes the next time from it. */
  readonly clock: () => Date;
  /** The log the acts are appended to: a fresh in-memory one when absent (a caller may read it back). */
  readonly store?: EventStore;
  /** Called with what the rules did after a step (and, for a step with `at`, what fell due before it). */
  readonly onRules?: (outcomes: readonly RuleActOutcome[]) => void;
}

/** Something a rule asked for later: an act with `at`, or a deadline rule's assessment. */
interface Later {
  readonly due: string;
  readonly rule: ActionRule;
  readonly fact: Fact;
  /** The act to perform when due; absent for a deadline rule, which is assessed then. */
  readonly intent?: { readonly intent: ActIntent; readonly index: number };
}

/** Builds a scenario target over a fresh in-memory engine. */
export function engineScenarioTarget(model: Model, options: EngineTargetOptions): ScenarioTarget {
  let sequence = 0;
  // Time a step's `at` moved the clock forward by; the clock keeps ticking from there.
  let skipped = 0;
  const now = (): Date => new Date(options.clock().getTime() + skipped);
  const engine = createEngine({
    model,
    store: options.store ?? memoryEventStore(),
    now,
    newId: (prefix) => `${prefix}-${String((sequence += 1)).padStart(4, '0')}`,
  });
  const later: Later[] = [];
  const byHand = new Set(options.byHand);

  /** Lets the rules respond to facts, and to the facts their acts create, until quiet. */
  async function respond(facts: readonly Fact[], outcomes: RuleActOutcome[]): Promise<void> {
    const queue = [...facts];
    for (let fact = queue.shift(); fact !== undefined; fact = queue.shift()) {
      for (const rule of rulesTriggeredBy(model, fact)) {
        if (byHand.has(rule.role)) continue;
        for (const outcome of await respondWithRule(engine, rule, fact)) {
          outcomes.push(outcome);
          if (outcome.outcome === 'appended') queue.push(...outcome.facts);
          if (outcome.outcome === 'deadline') later.push({ due: outcome.at, rule, fact });
          if (outcome.outcome === 'scheduled')
            later.push({
              due: outcome.at,
              rule,
              fact,
              intent: { intent: outcome.intent, index: outcome.index },
            });
        }
      }
      if (outcomes.length > 1000) break;
    }
  }

  /** Runs one thing that fell due, at its due time. */
  async function fire(item: Later, outcomes: RuleActOutcome[]): Promise<void> {
    skipped += Math.max(0, Date.parse(item.due) - now().getTime());
    if (item.intent === undefined) {
      // A deadline rule is assessed now, on the facts as they stand at its due time.
      const fired = await respondWithRule(engine, item.rule, item.fact, { due: item.due });
      outcomes.push(...fired);
      for (const outcome of fired)
        if (outcome.outcome === 'appended') await respond(outcome.facts, outcomes);
      return;
    }
    const transaction = await engine.reader.transaction(item.fact.transactionId);
    if (transaction === undefined) return;
    const { intent, index } = item.intent;
    const target =
      intent.type === 'perform' ? await engine.reader.transaction(intent.transactionId) : undefined;
    const act = intentToAct(intent, item.rule, item.fact, transaction, index, target);
    const result = await engine.perform(act);
    const cause = item.fact.actId;
    if (!result.ok) {
      outcomes.push({ rule: item.rule.id, cause, act, outcome: 'refused', refusal: result.error });
      return;
    }
    outcomes.push({
      rule: item.rule.id,
      cause,
      act,
      outcome: 'appended',
      facts: result.value.facts,
    });
    await respond(result.value.facts, outcomes);
  }

  return {
    async given(ledgers) {
      for (const [ledger, keys] of Object.entries(ledgers)) {
        for (const [key, amount] of Object.entries(keys)) {
          await receiveIntoLedger(engine.store, model.ledgers ?? [], {
            ledger,
            key,
            amount,
            id: `given:${ledger}:${key}`,
          });
        }
      }
    },
    async advance(to: string): Promise<void> {
      const outcomes: RuleActOutcome[] = [];
      for (;;) {
        later.sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
        const next = later[0];
        if (next === undefined || Date.parse(next.due) > Date.parse(to)) break;
        later.shift();
        await fire(next, outcomes);
      }
      skipped += Math.max(0, Date.parse(to) - now().getTime());
      if (outcomes.length > 0) options.onRules?.(outcomes);
    },
    async state(transactionId: string) {
      return (await engine.reader.transaction(transactionId)) ?? initialTransactionState;
    },
    async perform(act: ScenarioAct): Promise<ScenarioActOutcome> {
      const result = await engine.perform(act);
      if (result.ok && options.rules) {
        const outcomes: RuleActOutcome[] = [];
        await respond(result.value.facts, outcomes);
        options.onRules?.(outcomes);
      }
      const state = (await engine.reader.transaction(act.transactionId)) ?? initialTransactionState;
      return result.ok
        ? { ok: true, facts: result.value.facts, state }
        : { ok: false, error: result.error, state };
    },
  };
}
