/**
 * Runs a scenario's acts through the engine over an in-memory store: the model's payload checks and
 * wait links apply, and with `rules` the action rules respond to every fact until quiet.
 */
import { initialTransactionState } from '../core/index.ts';
import { createEngine } from '../engine/engine.ts';
import { receiveIntoLedger } from '../engine/ledger-effects.ts';
import { respondUntilQuiet, type RuleActOutcome } from '../engine/rules/respond-to-facts.ts';
import type { Model } from '../model/model.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import type { ScenarioAct, ScenarioActOutcome, ScenarioTarget } from './run-scenario.ts';

export interface EngineTargetOptions {
  /** Run the action rules after each step. */
  readonly rules: boolean;
  /** The clock: each act takes the next time from it. */
  readonly clock: () => Date;
  /** Called with what the rules did after a step. */
  readonly onRules?: (outcomes: readonly RuleActOutcome[]) => void;
}

/** Builds a scenario target over a fresh in-memory engine. */
export function engineScenarioTarget(model: Model, options: EngineTargetOptions): ScenarioTarget {
  let sequence = 0;
  const engine = createEngine({
    model,
    store: memoryEventStore(),
    now: options.clock,
    newId: (prefix) => `${prefix}-${String((sequence += 1)).padStart(4, '0')}`,
  });
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
    async perform(act: ScenarioAct): Promise<ScenarioActOutcome> {
      const result = await engine.perform(act);
      if (result.ok && options.rules) {
        const outcomes = await respondUntilQuiet(engine, result.value.facts);
        options.onRules?.(outcomes);
      }
      const state = (await engine.reader.transaction(act.transactionId)) ?? initialTransactionState;
      return result.ok
        ? { ok: true, facts: result.value.facts, state }
        : { ok: false, error: result.error, state };
    },
  };
}
