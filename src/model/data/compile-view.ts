/**
 * A view written as data, compiled into a `ViewDefinition`: each row rule, on the facts it matches,
 * picks a row by its `key` expression and sets fields from expressions (or deletes the row). The
 * view keeps the transactions' states, so expressions see `transaction` (with its status) and
 * `parent` as well as the `fact`; a rebuild from the log gives the same rows.
 */
import type { Fact, FactKind, JsonObject, JsonValue } from '../../core/index.ts';
import type { ViewChange, ViewDefinition } from '../view-definition.ts';
import type { CompiledExpression } from '../expressions/expression-scope.ts';
import { toCel, type CelValue } from '../expressions/cel-values.ts';
import type { ModelPath } from '../validate-model.ts';
import type { ViewData, ViewRowData } from './model-data.ts';
import {
  constantsValue,
  factValue,
  maybeTransaction,
  transactionValue,
  type ModelTypes,
} from './model-scope.ts';
import { evaluateJson, type ProblemCollector, type TreeEvaluator } from './problem-collector.ts';

interface CompiledRow {
  readonly kind: string | undefined;
  readonly facts: readonly FactKind[] | undefined;
  readonly when: CompiledExpression | undefined;
  readonly key: CompiledExpression | undefined;
  readonly partition: CompiledExpression | undefined;
  readonly owner: CompiledExpression | undefined;
  readonly set: readonly (readonly [string, TreeEvaluator])[];
  readonly remove: boolean;
}

function compileRow(
  row: ViewRowData,
  path: ModelPath,
  types: ModelTypes,
  collector: ProblemCollector,
): CompiledRow {
  const kind = row.on?.kind;
  const facts = row.on?.fact === undefined ? undefined : ([] as FactKind[]).concat(row.on.fact);
  const single = facts?.length === 1 ? facts[0] : undefined;
  const keyScope = collector.extend(
    types.root,
    {
      fact: types.factType(kind, single),
      transaction: types.transactionType(kind),
      parent: 'dyn',
      constants: 'map<string, dyn>',
    },
    path,
  );
  const scope = collector.extend(keyScope, { row: 'dyn' }, path);
  if (row.delete === true && row.set !== undefined)
    collector.add(
      [...path, 'delete'],
      'a row rule either sets fields or deletes the row, not both',
    );
  if (row.delete !== true && row.set === undefined)
    collector.add(path, "a row rule needs 'set' (the fields to set) or 'delete: true'");
  return {
    kind,
    facts,
    when: collector.optional(keyScope, row.if, [...path, 'if'], 'bool'),
    key: collector.expression(keyScope, row.key, [...path, 'key']),
    partition: collector.optional(scope, row.partition, [...path, 'partition']),
    owner: collector.optional(scope, row.owner, [...path, 'owner']),
    set: Object.entries(row.set ?? {}).map(
      ([field, tree]) => [field, collector.tree(scope, tree, [...path, 'set', field])] as const,
    ),
    remove: row.delete === true,
  };
}

const text = (value: JsonValue): string | undefined =>
  value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/** Compiles a data view; problems go to the collector, at paths under `path`. */
export function compileView(
  view: ViewData,
  path: ModelPath,
  types: ModelTypes,
  constants: Readonly<Record<string, JsonValue>> | undefined,
  collector: ProblemCollector,
): ViewDefinition {
  const rows = view.rows.map((row, i) => compileRow(row, [...path, 'rows', i], types, collector));
  const constantValues = constantsValue(constants);
  return {
    name: view.name,
    ...(view.description === undefined ? {} : { description: view.description }),
    ...(view.version === undefined ? {} : { version: view.version }),
    ...(view.readableBy === undefined ? {} : { readableBy: view.readableBy }),
    keepsTransactions: true,
    async project(fact: Fact, current, context) {
      const changes: ViewChange[] = [];
      const pending = new Map<string, JsonObject | null>();
      const base: Record<string, CelValue> = {
        fact: factValue(fact),
        transaction: context === undefined ? null : transactionValue(context.transaction),
        parent: maybeTransaction(context?.parent),
        constants: constantValues,
      };
      for (const row of rows) {
        if (row.kind !== undefined && row.kind !== fact.kind) continue;
        if (row.facts !== undefined && !row.facts.includes(fact.fact)) continue;
        if (row.key === undefined) continue;
        if (row.when !== undefined && (await row.when.evaluate(base)) !== true) continue;
        const key = text(await evaluateJson(row.key, base));
        if (key === undefined) continue;
        if (row.remove) {
          pending.set(key, null);
          changes.push({ key, delete: true });
          continue;
        }
        const existing = pending.has(key) ? pending.get(key) : await current(key);
        const variables = {
          ...base,
          row: existing === null || existing === undefined ? null : toCel(existing),
        };
        const next: Record<string, JsonValue> = { ...(existing ?? {}) };
        for (const [field, evaluate] of row.set) next[field] = await evaluate(variables);
        const partition =
          row.partition === undefined
            ? undefined
            : text(await evaluateJson(row.partition, variables));
        const owner =
          row.owner === undefined ? undefined : text(await evaluateJson(row.owner, variables));
        pending.set(key, next);
        changes.push({
          key,
          row: next,
          ...(partition === undefined ? {} : { partition }),
          ...(owner === undefined ? {} : { owner }),
        });
      }
      return changes;
    },
  };
}
