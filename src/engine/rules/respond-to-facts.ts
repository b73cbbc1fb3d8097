/**
 * Responding to facts in-line: run the action rules a fact triggers, perform their acts, and respond
 * to the facts those acts create, until nothing more happens. The scenario runner uses it; the
 * agents use the same steps over a durable subscription.
 */
import type { Fact, ProtocolError } from '../../core/index.ts';
import type { ActIntent, ActionRule, ConditionOutcome } from '../../model/action-rule.ts';
import type { Engine } from '../engine.ts';
import type { PerformInput } from '../perform-input.ts';
import { decideRule, intentToAct, rulesTriggeredBy } from './rule-intents.ts';

/** What became of one act a rule asked for. */
export type RuleActOutcome =
  | {
      readonly rule: string;
      readonly cause: string;
      readonly act: PerformInput;
      readonly outcome: 'appended';
      readonly facts: readonly Fact[];
    }
  | {
      readonly rule: string;
      readonly cause: string;
      readonly act: PerformInput;
      readonly outcome: 'duplicate';
    }
  | {
      readonly rule: string;
      readonly cause: string;
      readonly act: PerformInput;
      readonly outcome: 'refused';
      readonly refusal: ProtocolError;
    }
  | {
      readonly rule: string;
      readonly cause: string;
      readonly intent: ActIntent;
      readonly index: number;
      readonly outcome: 'scheduled';
      readonly at: string;
    }
  | {
      /** A deadline rule: it is assessed and performed at `at`, on the facts as they stand then. */
      readonly rule: string;
      readonly cause: string;
      readonly outcome: 'deadline';
      readonly at: string;
    }
  | {
      /** A proposal rule: the acts a person of the rule's role may confirm, and why. */
      readonly rule: string;
      readonly cause: string;
      readonly outcome: 'proposed';
      readonly acts: readonly PerformInput[];
      readonly assessment: readonly ConditionOutcome[];
    };

/** Options of `respondWithRule`. */
export interface RespondOptions {
  /** The due time when a deadline rule fires: the rule is assessed and performed now. */
  readonly due?: string;
}

/**
 * Runs one rule on a fact and performs its acts; scheduled acts are returned, not performed, and
 * so are a deadline rule's due time and a proposal rule's acts.
 */
export async function respondWithRule(
  engine: Engine,
  rule: ActionRule,
  fact: Fact,
  options: RespondOptions = {},
): Promise<readonly RuleActOutcome[]> {
  const outcomes: RuleActOutcome[] = [];
  if (rule.deadline !== undefined && options.due === undefined) {
    const transaction = await engine.reader.transaction(fact.transactionId);
    if (transaction === undefined) return outcomes;
    const at = await rule.deadline({ fact, transaction, facts: engine.reader, now: fact.time });
    return [{ rule: rule.id, cause: fact.actId, outcome: 'deadline', at }];
  }
  const now = options.due ?? fact.time;
  // A reservation refused for want of stock is decided again on the newest facts (at most 3 times),
  // so a rule that promised on a balance another act just took takes its other branch.
  for (let round = 1; round <= 3; round += 1) {
    const transaction = await engine.reader.transaction(fact.transactionId);
    if (transaction === undefined) return outcomes;
    const { intents, assessment } = await decideRule(rule, fact, transaction, engine.reader, now);
    if (rule.mode === 'proposal') {
      const acts: PerformInput[] = [];
      for (const [index, intent] of intents.entries()) {
        const target =
          intent.type === 'perform'
            ? await engine.reader.transaction(intent.transactionId)
            : undefined;
        acts.push(intentToAct(intent, rule, fact, transaction, index, target));
      }
      if (acts.length === 0) return outcomes;
      return [
        {
          rule: rule.id,
          cause: fact.actId,
          outcome: 'proposed',
          acts,
          assessment: assessment ?? [],
        },
      ];
    }
    let retry = false;
    for (const [index, intent] of intents.entries()) {
      if (intent.at !== undefined) {
        outcomes.push({
          rule: rule.id,
          cause: fact.actId,
          intent,
          index,
          outcome: 'scheduled',
          at: intent.at,
        });
        continue;
      }
      const target =
        intent.type === 'perform'
          ? await engine.reader.transaction(intent.transactionId)
          : undefined;
      const act = intentToAct(intent, rule, fact, transaction, index, target);
      const result = await engine.perform(act);
      if (!result.ok) {
        outcomes.push({
          rule: rule.id,
          cause: fact.actId,
          act,
          outcome: 'refused',
          refusal: result.error,
        });
        if (
          result.error.code === 'RuleRefused' &&
          result.error.rule.startsWith('ledger:') &&
          round < 3
        )
          retry = true;
        if (retry) break;
      } else if (result.value.duplicate)
        outcomes.push({ rule: rule.id, cause: fact.actId, act, outcome: 'duplicate' });
      else
        outcomes.push({
          rule: rule.id,
          cause: fact.actId,
          act,
          outcome: 'appended',
          facts: result.value.facts,
        });
    }
    if (!retry) return outcomes;
  }
  return outcomes;
}

/** Runs the rules triggered by one fact and performs their acts (scheduled acts are returned, not performed). */
export async function respondToFact(
  engine: Engine,
  fact: Fact,
): Promise<readonly RuleActOutcome[]> {
  const outcomes: RuleActOutcome[] = [];
  for (const rule of rulesTriggeredBy(engine.model, fact))
    outcomes.push(...(await respondWithRule(engine, rule, fact)));
  return outcomes;
}

/** Responds to facts, and to the facts the responses create, until quiet or `maxActs` acts were performed. */
export async function respondUntilQuiet(
  engine: Engine,
  facts: readonly Fact[],
  maxActs = 1000,
): Promise<readonly RuleActOutcome[]> {
  const queue = [...facts];
  const all: RuleActOutcome[] = [];
  while (queue.length > 0 && all.length < maxActs) {
    const fact = queue.shift();
    if (fact === undefined) break;
    const outcomes = await respondToFact(engine, fact);
    for (const outcome of outcomes)
      if (outcome.outcome === 'appended') queue.push(...outcome.facts);
    all.push(...outcomes);
  }
  return all;
}
