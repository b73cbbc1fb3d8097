/**
 * A ledger written as data, compiled into a `LedgerDefinition`: its `amounts` expression, over the
 * transaction's request `terms` and the model's `constants`, gives the list of `{key, amount}` a
 * transaction draws. It is evaluated synchronously inside the pure act plan, so it reads no facts.
 */
import type { JsonValue } from '../../core/index.ts';
import type { LedgerAmount, LedgerDefinition } from '../ledger-definition.ts';
import { fromCel, toCel } from '../expressions/cel-values.ts';
import { ExpressionError } from '../expressions/expression-scope.ts';
import type { ModelPath } from '../validate-model.ts';
import type { LedgerData } from './model-data.ts';
import { constantsValue, type ModelTypes } from './model-scope.ts';
import type { ProblemCollector } from './problem-collector.ts';

function amountOf(item: JsonValue, source: string): LedgerAmount {
  const entry =
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? (item as Readonly<Record<string, JsonValue>>)
      : undefined;
  const key = entry?.key;
  const amount = entry?.amount;
  if (
    typeof key !== 'string' ||
    typeof amount !== 'number' ||
    !Number.isFinite(amount) ||
    amount < 0
  )
    throw new ExpressionError(
      source,
      `gave ${JSON.stringify(item)}; each amount must be {key: <string>, amount: <number ≥ 0>}`,
    );
  return { key, amount };
}

/** Compiles a data ledger; problems go to the collector, at paths under `path`. */
export function compileLedger(
  ledger: LedgerData,
  path: ModelPath,
  types: ModelTypes,
  constants: Readonly<Record<string, JsonValue>> | undefined,
  collector: ProblemCollector,
): LedgerDefinition {
  const scope = collector.extend(
    types.root,
    { terms: types.termsType(ledger.kind), constants: 'map<string, dyn>' },
    path,
  );
  const compiled = collector.expression(scope, ledger.amounts, [...path, 'amounts'], 'list');
  const element = /^list<(.+)>$/.exec(compiled?.type ?? '')?.[1];
  if (element !== undefined && element !== 'dyn' && !element.startsWith('map<'))
    collector.add(
      [...path, 'amounts'],
      `each amount must be a map {'key': <string>, 'amount': <number>}, but the list holds ${element}`,
    );
  const constantValues = constantsValue(constants);
  const { amounts: source, ...rest } = ledger;
  return {
    ...rest,
    amounts: (terms) => {
      if (compiled === undefined) return [];
      const value = fromCel(
        compiled.evaluateSync({ terms: toCel(terms), constants: constantValues }),
      );
      return (value as readonly JsonValue[]).map((item) => amountOf(item, source));
    },
  };
}
