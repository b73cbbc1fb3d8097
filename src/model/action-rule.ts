/**
 * Action rules of the Action Model: **when** a fact arrives, **if** the assessment holds, **then**
 * (or **else**) perform acts. Rules are plain functions over a read-only view of the facts and return
 * acts as data, so each can be tested alone and the engine decides when and how to perform them.
 */
import type { Act, Fact, FactKind, JsonValue, RevocableAct, TransactionState } from '../core/index.ts';
import type { LedgerBalance } from './ledger-definition.ts';

/** A read-only view of the facts that a rule may assess. */
export interface FactReader {
  /** The state of a transaction, or undefined when it does not exist. */
  transaction(id: string): Promise<TransactionState | undefined>;
  /** Every fact of a transaction, in order. */
  facts(id: string): Promise<readonly Fact[]>;
  /** The child transactions of a transaction. */
  children(id: string): Promise<readonly TransactionState[]>;
  /** The balance of a ledger key (e.g. stock of a sku), read from the log: consistent, not a view. */
  ledger(name: string, key: string): Promise<LedgerBalance>;
  /** A row of a view of the model, by view name and key. */
  view<T extends JsonValue = JsonValue>(name: string, key: string): Promise<T | undefined>;
}

/** What a rule sees: the fact that triggered it, its transaction after the fact, and the facts it may assess. */
export interface RuleContext {
  readonly fact: Fact;
  readonly transaction: TransactionState;
  readonly facts: FactReader;
  /** The time of the triggering fact (a deadline's due time): rules stay deterministic under re-delivery. */
  readonly now: string;
  /** In `then` and `else` of a rule with `assess`: each condition, whether it held, and why not. */
  readonly assessment?: readonly ConditionOutcome[];
}

/** One assessed condition: DEMO's rightness, sincerity or truth, whether it held, and why not. */
export interface ConditionOutcome {
  readonly name: string;
  readonly category: 'rightness' | 'sincerity' | 'truth';
  readonly holds: boolean;
  /** Shown when the condition fails. */
  readonly reason?: string;
}

/** What a rule's assessment found: whether the rule applies at all (`while`), and each condition. */
export interface Assessment {
  /** False when the rule's guard does not hold: the rule does nothing, the fact stays on the agenda. */
  readonly applies: boolean;
  readonly conditions: readonly ConditionOutcome[];
}

/** Perform an act on an existing transaction, now or at a given time (a deadline). */
export interface PerformIntent {
  readonly type: 'perform';
  readonly transactionId: string;
  readonly act: Act;
  readonly revokes?: RevocableAct;
  readonly payload?: JsonValue;
  readonly justification?: string;
  /** Perform at this time (ISO 8601) instead of now; the act is dropped if no longer allowed then. */
  readonly at?: string;
}

/** Initiate a child transaction of a kind: a request addressed to its executor. */
export interface InitiateIntent {
  readonly type: 'initiate';
  readonly kind: string;
  /** Distinguishes several children of the same kind started by one fact (cardinality 1..n). */
  readonly key?: string;
  readonly payload?: JsonValue;
  /** The actor the request is addressed to, when the executor role is personal. */
  readonly addressee?: string;
  /** The parent transaction; the triggering fact's transaction when absent. */
  readonly parent?: string;
  readonly at?: string;
}

/** An act a rule asks the engine to perform: data, not a side effect. */
export type ActIntent = PerformIntent | InitiateIntent;

type Intents = readonly ActIntent[];

/** An action rule: when a fact of a kind arrives, if the assessment holds, then (else) these acts. */
export interface ActionRule<K extends string = string, R extends string = string> {
  readonly id: string;
  readonly description?: string;
  /** The actor role whose rule this is: its acts are performed in this role. */
  readonly role: R;
  readonly when: { readonly kind: K; readonly fact: FactKind };
  /**
   * The acts this rule may perform, by kind: what the diagrams draw under the rule's automation.
   * A function's acts cannot be read from it; without this list they are inferred from the Process
   * Model (see `actPerformers`).
   */
  readonly performs?: readonly { readonly kind: K; readonly act: Act }[];
  /** The assessment; when absent the rule always takes `then`. */
  readonly if?: (context: RuleContext) => boolean | Promise<boolean>;
  readonly then: (context: RuleContext) => Intents | Promise<Intents>;
  /** Acts when the assessment fails; when absent, nothing is done and the fact stays on the role's agenda. */
  readonly else?: (context: RuleContext) => Intents | Promise<Intents>;
  /**
   * `automatic` (the default): an agent performs the acts. `proposal`: the acts are shown on the
   * role's agenda with the assessment, and a person confirms them.
   */
  readonly mode?: 'automatic' | 'proposal';
  /** Named conditions assessed instead of `if`: `then` when all hold, `else` when one fails. */
  readonly assess?: (context: RuleContext) => Promise<Assessment>;
  /**
   * Makes the rule a deadline: the time (ISO 8601) at which it fires, derived from the fact. The
   * rule is then assessed and performed at that time, on the facts as they stand then.
   */
  readonly deadline?: (context: RuleContext) => Promise<string>;
}

/** Builds an intent to perform an act on a transaction (pure). */
export function perform(
  transactionId: string,
  act: Act,
  options: Omit<PerformIntent, 'type' | 'transactionId' | 'act'> = {},
): PerformIntent {
  return { type: 'perform', transactionId, act, ...options };
}

/** Builds an intent to initiate a child transaction of a kind (pure). */
export function initiate(kind: string, options: Omit<InitiateIntent, 'type' | 'kind'> = {}): InitiateIntent {
  return { type: 'initiate', kind, ...options };
}
