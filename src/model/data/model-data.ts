/**
 * The Action Model and the Fact Model's ledgers and views written as data: what a YAML or JSON
 * model (and, just the same, a TypeScript one) says of them. Every expression is a CEL string; the
 * compiler turns these into the rules, ledgers and views the engine runs, so data and TypeScript
 * take one engine path.
 */
import type { Act, FactKind, JsonValue, RevocableAct } from '../../core/index.ts';
import type { LedgerDefinition } from '../ledger-definition.ts';

/** A tree of values whose string leaves are CEL expressions and other leaves literals. */
export type ValueTree =
  string | number | boolean | null | readonly ValueTree[] | { readonly [key: string]: ValueTree };

/** Whether an agent performs a rule's acts, or a person confirms them from the role's agenda. */
export type RuleMode = 'automatic' | 'proposal';

/** One named condition of an assessment, with the reason shown when it fails. */
export interface ConditionData {
  readonly name: string;
  /** A CEL expression giving a bool. */
  readonly holds: string;
  /** A CEL expression giving a string: why the condition fails. */
  readonly reason?: string;
}

/** DEMO's three kinds of condition an actor assesses before responding. */
export type ConditionCategory = 'rightness' | 'sincerity' | 'truth';

/** The assessment of a rule: named conditions of each kind, all of which must hold. */
export type AssessData = { readonly [C in ConditionCategory]?: readonly ConditionData[] };

/** The options of one act of a rule. */
export interface ActOptionsData {
  /** The transaction acted on (id expression); the triggering fact's transaction by default. */
  readonly transaction?: string;
  /** The justification (string expression): why a decline, reject, refusal or revocation. */
  readonly reason?: string;
  /** With revoke, allow and refuse: which act's revocation. */
  readonly revokes?: RevocableAct;
  /** With request: the kind of the child. */
  readonly kind?: string;
  /** With request: the terms of the child. */
  readonly terms?: ValueTree;
  /** With execute: the product data. */
  readonly product?: ValueTree;
  /** With request: the actor addressed (expression). */
  readonly addressee?: string;
  /** With request: the parent (id expression); the triggering fact's transaction by default. */
  readonly parent?: string;
  /** With request: tells several children of one kind apart (expression). */
  readonly key?: string;
  /** Perform the act only when this holds. */
  readonly if?: string;
  /** Perform the act once per element of this list, bound to `as`. */
  readonly each?: string;
  readonly as?: string;
}

/** One act of a rule's `then` or `else`: `promise`, or `{ decline: { reason: … } }`. */
export type ActData = Act | 'state' | { readonly [act: string]: ActOptionsData | null };

/** An action rule as data: when, with, while, assess, then, else. */
export interface ActionRuleData {
  readonly id: string;
  readonly description?: string;
  readonly role: string;
  readonly mode?: RuleMode;
  readonly when: { readonly kind: string; readonly fact: FactKind };
  /** Named values, bound in order. */
  readonly with?: { readonly [name: string]: string };
  /** A guard: when false the rule does nothing (the fact stays on the agenda). */
  readonly while?: string;
  readonly assess?: AssessData;
  readonly then: readonly ActData[];
  readonly else?: readonly ActData[];
  /** A deadline: the rule fires at this time (timestamp expression) instead of at once. */
  readonly at?: string;
  /** A deadline: the rule fires this long (duration expression) after the fact. */
  readonly after?: string;
}

/**
 * A ledger as data: the ledger of a TypeScript model, but the amounts a transaction draws are an
 * expression over its terms.
 */
export interface LedgerData extends Omit<LedgerDefinition, 'amounts'> {
  /** A CEL expression giving a list of `{key, amount}`. */
  readonly amounts: string;
}

/** Which facts a view's row rule applies to. */
export interface FactMatchData {
  readonly kind?: string;
  readonly fact?: FactKind | readonly FactKind[];
}

/** One row rule of a view: on which facts, which row, and what to set (or delete). */
export interface ViewRowData {
  readonly on?: FactMatchData;
  readonly if?: string;
  readonly key: string;
  readonly partition?: string;
  readonly owner?: string;
  readonly set?: { readonly [field: string]: ValueTree };
  readonly delete?: boolean;
}

/** A view as data: rows derived from facts. */
export interface ViewData {
  readonly name: string;
  readonly description?: string;
  readonly version?: number;
  readonly readableBy?: readonly string[];
  readonly rows: readonly ViewRowData[];
}

/** Demo data as data: ledger quantities received into a fresh database. */
export interface DemoDataDocument {
  readonly ledgers?: { readonly [ledger: string]: { readonly [key: string]: number } };
}

/** Named JSON values, in scope of every expression as `constants.<name>`. */
export type ConstantsData = { readonly [name: string]: JsonValue };

/** True when a rule is written as data (its `then` a list), not as TypeScript functions (pure). */
export function isActionRuleData(rule: unknown): rule is ActionRuleData {
  return Array.isArray((rule as { then?: unknown } | null)?.then);
}

/** True when a ledger is written as data (its `amounts` an expression) (pure). */
export function isLedgerData(ledger: unknown): ledger is LedgerData {
  return typeof (ledger as { amounts?: unknown } | null)?.amounts === 'string';
}

/** True when a view is written as data (it has `rows`) (pure). */
export function isViewData(view: unknown): view is ViewData {
  return Array.isArray((view as { rows?: unknown } | null)?.rows);
}
