/**
 * An action rule written as data, compiled into the same `ActionRule` a TypeScript model writes:
 * `assess` binds the `with` values, checks the `while` guard and each named condition; `then` and
 * `else` evaluate their acts; `deadline` (with `at` or `after`) says when the rule fires. The engine
 * runs it like any other rule.
 */
import type { JsonValue } from '../../core/index.ts';
import type { ActionRule, Assessment, ConditionOutcome, RuleContext } from '../action-rule.ts';
import { FactAccess } from '../expressions/cel-environment.ts';
import { isDuration, type CelValue } from '../expressions/cel-values.ts';
import { ExpressionError, type CompiledExpression } from '../expressions/expression-scope.ts';
import type { ModelPath } from '../validate-model.ts';
import { actsNeverPerformed, compileActs, performedActs } from './compile-acts.ts';
import type { ActionRuleData, ConditionCategory } from './model-data.ts';
import {
  constantsValue,
  factValue,
  maybeTransaction,
  transactionValue,
  type ModelTypes,
} from './model-scope.ts';
import { evaluateJson, type ProblemCollector, type Variables } from './problem-collector.ts';
import type { ModelDocument } from '../model.ts';

const textOf = (value: JsonValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

const categories: readonly ConditionCategory[] = ['rightness', 'sincerity', 'truth'];

/** What compiling a rule needs: the model's kinds and constants, its types, and where to put problems. */
export interface RuleCompilation {
  readonly model: Pick<ModelDocument, 'transactionKinds'>;
  readonly constants: Readonly<Record<string, JsonValue>> | undefined;
  readonly types: ModelTypes;
  readonly collector: ProblemCollector;
}

interface CompiledCondition {
  readonly name: string;
  readonly category: ConditionCategory;
  readonly holds: CompiledExpression | undefined;
  readonly reason: CompiledExpression | undefined;
}

/** True when any expression of the rule reads a variable by this name (pure, conservative). */
function mentions(rule: ActionRuleData, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(JSON.stringify(rule));
}

/** Compiles a data rule into an `ActionRule`; problems go to the collector, at paths under `path`. */
export function compileActionRule(
  rule: ActionRuleData,
  path: ModelPath,
  c: RuleCompilation,
): ActionRule {
  const { types, collector } = c;
  const kind = rule.when.kind;
  const base = collector.extend(
    types.root,
    {
      fact: types.factType(kind, rule.when.fact),
      transaction: types.transactionType(kind),
      terms: types.termsType(kind),
      product: 'dyn',
      parent: 'dyn',
      children: 'list<Transaction>',
      now: 'google.protobuf.Timestamp',
      constants: 'map<string, dyn>',
      facts: 'Facts',
    },
    path,
  );
  let scope = base;
  const bindings: [string, CompiledExpression | undefined][] = [];
  for (const [name, source] of Object.entries(rule.with ?? {})) {
    const compiled = collector.expression(scope, source, [...path, 'with', name]);
    bindings.push([name, compiled]);
    scope = collector.extend(scope, { [name]: compiled?.type ?? 'dyn' }, [...path, 'with', name]);
  }
  const guard = collector.optional(scope, rule.while, [...path, 'while'], 'bool');
  const conditions: CompiledCondition[] = categories.flatMap((category) =>
    (rule.assess?.[category] ?? []).map((condition, i) => ({
      name: condition.name,
      category,
      holds: collector.expression(
        scope,
        condition.holds,
        [...path, 'assess', category, i, 'holds'],
        'bool',
      ),
      reason: collector.optional(
        scope,
        condition.reason,
        [...path, 'assess', category, i, 'reason'],
        'string',
      ),
    })),
  );
  const elseScope = collector.extend(scope, { failed: 'list<dyn>', reasons: 'list<string>' }, [
    ...path,
    'else',
  ]);
  for (const [list, items] of [
    ['then', rule.then],
    ['else', rule.else ?? []],
  ] as const)
    for (const problem of actsNeverPerformed(
      items,
      [...path, list],
      { role: rule.role, kind },
      c.model,
    ))
      collector.add(problem.path, problem.message);
  const thenActs = compileActs(rule.then, scope, [...path, 'then'], collector, c.model);
  const elseActs = compileActs(rule.else ?? [], elseScope, [...path, 'else'], collector, c.model);
  const at = collector.optional(base, rule.at, [...path, 'at'], 'timestamp');
  const after = collector.optional(base, rule.after, [...path, 'after'], 'duration');
  if (rule.at !== undefined && rule.after !== undefined)
    collector.add([...path, 'after'], "a deadline has either 'at' or 'after', not both");

  const needsParent = mentions(rule, 'parent');
  const needsChildren = mentions(rule, 'children');
  const constants = constantsValue(c.constants);

  const baseVariables = async (context: RuleContext): Promise<Record<string, CelValue>> => {
    const { transaction, facts } = context;
    const parentId = transaction.parent?.transactionId;
    return {
      fact: factValue(context.fact),
      transaction: transactionValue(transaction),
      terms:
        transactionValue(transaction) === null
          ? null
          : (transactionValue(transaction) as { terms: CelValue }).terms,
      product: (transactionValue(transaction) as { product: CelValue }).product,
      parent:
        needsParent && parentId !== undefined
          ? maybeTransaction(await facts.transaction(parentId))
          : null,
      children:
        needsChildren && transaction.id !== null
          ? (await facts.children(transaction.id)).map(transactionValue)
          : [],
      now: new Date(context.now),
      constants,
      facts: new FactAccess(facts),
    };
  };

  const variables = async (context: RuleContext): Promise<Record<string, CelValue>> => {
    const values = await baseVariables(context);
    for (const [name, compiled] of bindings) {
      if (compiled === undefined) continue;
      values[name] = (await compiled.evaluate(values)) as CelValue;
    }
    return values;
  };

  const assess = async (context: RuleContext): Promise<Assessment> => {
    const values = await variables(context);
    if (guard !== undefined && (await guard.evaluate(values)) !== true)
      return { applies: false, conditions: [] };
    const outcomes: ConditionOutcome[] = [];
    for (const condition of conditions) {
      if (condition.holds === undefined) continue;
      const holds = (await condition.holds.evaluate(values)) === true;
      const reason =
        holds || condition.reason === undefined
          ? undefined
          : textOf(await evaluateJson(condition.reason, values));
      outcomes.push({
        name: condition.name,
        category: condition.category,
        holds,
        ...(reason === undefined ? {} : { reason }),
      });
    }
    return { applies: true, conditions: outcomes };
  };

  const deadline = async (context: RuleContext): Promise<string> => {
    const values = await baseVariables(context);
    if (at !== undefined) return ((await at.evaluate(values)) as Date).toISOString();
    const period = after === undefined ? undefined : await after.evaluate(values);
    if (!isDuration(period)) throw new ExpressionError(rule.after ?? '', 'did not give a duration');
    return new Date(Date.parse(context.fact.time) + period.valueOf()).toISOString();
  };

  const acts = [...rule.then, ...(rule.else ?? [])];
  const performed = performedActs(acts, kind);
  return {
    id: rule.id,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    role: rule.role,
    when: rule.when,
    // Only a whole list is given: an act on another transaction (`transaction: parent.id`), whose
    // kind is known only when it runs, leaves the rule to be read from the Process Model instead.
    ...(performed.length === acts.length
      ? {
          performs: performed.filter(
            (a, i, all) => all.findIndex((b) => b.kind === a.kind && b.act === a.act) === i,
          ),
        }
      : {}),
    ...(rule.mode === undefined ? {} : { mode: rule.mode }),
    assess,
    then: async (context) => thenActs(await variables(context), context),
    else: async (context) => {
      const failed = (context.assessment ?? []).filter((o) => !o.holds);
      const values: Variables = {
        ...(await variables(context)),
        failed: failed.map((o) => ({
          name: o.name,
          category: o.category,
          reason: o.reason ?? null,
        })),
        reasons: failed.flatMap((o) => (o.reason === undefined ? [] : [o.reason])),
      };
      return elseActs(values, context);
    },
    ...(rule.at === undefined && rule.after === undefined ? {} : { deadline }),
  };
}
