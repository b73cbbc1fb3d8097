/**
 * From action rules to acts: which rules a fact triggers, what they decide, and how each intent
 * becomes an act with an id derived from the triggering fact, so a re-delivered fact never performs
 * an act twice.
 */
import type { Fact, TransactionState } from '../../core/index.ts';
import type {
  ActIntent,
  ActionRule,
  ConditionOutcome,
  FactReader,
  RuleContext,
} from '../../model/action-rule.ts';
import type { Model } from '../../model/model.ts';
import type { PerformInput } from '../perform-input.ts';

/** The rules of a model that a fact triggers (pure). */
export function rulesTriggeredBy(model: Model, fact: Fact): readonly ActionRule[] {
  return (model.actionRules ?? []).filter(
    (rule) => rule.when.kind === fact.kind && rule.when.fact === fact.fact,
  );
}

/** What a rule decided on a fact: the acts it asks for and, for a rule with `assess`, each condition. */
export interface RuleDecision {
  readonly intents: readonly ActIntent[];
  readonly assessment?: readonly ConditionOutcome[];
}

/**
 * Runs one rule on a fact: its assessment (`assess`, else `if`), then `then` or `else`; the acts it
 * asks for, as data. `now` is the fact's time, or a deadline's due time.
 */
export async function decideRule(
  rule: ActionRule,
  fact: Fact,
  transaction: TransactionState,
  facts: FactReader,
  now: string = fact.time,
): Promise<RuleDecision> {
  const context: RuleContext = { fact, transaction, facts, now };
  if (rule.assess !== undefined) {
    const assessment = await rule.assess(context);
    if (!assessment.applies) return { intents: [] };
    const assessed = { ...context, assessment: assessment.conditions };
    const holds = assessment.conditions.every((condition) => condition.holds);
    const intents = holds
      ? await rule.then(assessed)
      : rule.else === undefined
        ? []
        : await rule.else(assessed);
    return { intents, assessment: assessment.conditions };
  }
  const holds = rule.if === undefined ? true : await rule.if(context);
  if (holds) return { intents: await rule.then(context) };
  return { intents: rule.else === undefined ? [] : await rule.else(context) };
}

/** Runs one rule on a fact: its assessment, then `then` or `else`; the acts it asks for, as data. */
export async function evaluateRule(
  rule: ActionRule,
  fact: Fact,
  transaction: TransactionState,
  facts: FactReader,
): Promise<readonly ActIntent[]> {
  return (await decideRule(rule, fact, transaction, facts)).intents;
}

/** The id of the i-th act a rule performs in response to a fact: stable across re-deliveries (pure). */
export function derivedActId(fact: Fact, rule: ActionRule, index: number): string {
  return `${fact.actId}>${rule.id}.${index}`;
}

/** The id of a child transaction a rule initiates: the parent's id, the kind, and the key (pure). */
export function childTransactionId(parentId: string, kind: string, key?: string): string {
  return key === undefined ? `${parentId}.${kind}` : `${parentId}.${kind}.${key}`;
}

/** The actor an agent acts as in a role: the bound actor of a personal role, else the rule itself (pure). */
function agentActor(rule: ActionRule, transaction: TransactionState | undefined): string {
  const bound = [transaction?.initiator, transaction?.executor].find(
    (p) => p?.role === rule.role,
  )?.actor;
  return bound ?? `agent:${rule.id}`;
}

/** Turns a rule's intent into the act the engine performs (pure). */
export function intentToAct(
  intent: ActIntent,
  rule: ActionRule,
  fact: Fact,
  transaction: TransactionState,
  index: number,
  target?: TransactionState,
): PerformInput {
  const common = {
    actId: derivedActId(fact, rule, index),
    correlationId: fact.correlationId,
    causationId: fact.actId,
  };
  if (intent.type === 'initiate') {
    const parentId = intent.parent ?? transaction.id ?? fact.transactionId;
    return {
      ...common,
      transactionId: childTransactionId(parentId, intent.kind, intent.key),
      kind: intent.kind,
      act: 'request',
      performer: { actor: agentActor(rule, undefined), role: rule.role },
      parent: parentId,
      ...(intent.addressee === undefined ? {} : { addressee: intent.addressee }),
      ...(intent.payload === undefined ? {} : { payload: intent.payload }),
    };
  }
  return {
    ...common,
    transactionId: intent.transactionId,
    act: intent.act,
    performer: { actor: agentActor(rule, target), role: rule.role },
    ...(intent.revokes === undefined ? {} : { revokes: intent.revokes }),
    ...(intent.payload === undefined ? {} : { payload: intent.payload }),
    ...(intent.justification === undefined ? {} : { justification: intent.justification }),
  };
}
