/**
 * Inbound mappings compiled: each act's expressions parsed and type-checked in the scope of the
 * `event` (and the mapping's `with` names; an act's `if` also sees the target's `transaction`), so a
 * wrong mapping is a problem at `model check`, at its path, never a surprise when an event arrives.
 */
import { parseAct, type Act, type JsonValue, type RevocableAct } from '../../core/index.ts';
import { toCel } from '../expressions/cel-values.ts';
import type { CompiledExpression, ExpressionScope } from '../expressions/expression-scope.ts';
import type { InboundMapping } from '../inbound-mapping.ts';
import type { ModelDocument } from '../model.ts';
import type { ModelPath } from '../validate-model.ts';
import { actOptionTable, normalise } from './compile-acts.ts';
import type { ActOptionsData } from './model-data.ts';
import {
  evaluateJson,
  type ProblemCollector,
  type TreeEvaluator,
  type Variables,
} from './problem-collector.ts';

/** One act of a mapping, ready to run on an event's variables. */
export interface InboundActPlan {
  readonly act: Act;
  /** With request: the kind of the new transaction. */
  readonly kind?: string;
  readonly revokes?: RevocableAct;
  /** The transaction acted on; on a request, the new one's id (generated when absent). */
  readonly transaction?: (variables: Variables) => Promise<string>;
  /** Whether the act is due, given the variables and the target's current `transaction`. */
  readonly due?: (variables: Variables) => Promise<boolean>;
  /** The terms of a request or the product of an execute. */
  readonly payload?: TreeEvaluator;
  readonly reason?: (variables: Variables) => Promise<string>;
  readonly addressee?: (variables: Variables) => Promise<string>;
  readonly parent?: (variables: Variables) => Promise<string>;
}

/** A mapping ready to run: its `with` names bound from an event, then its acts. */
export interface CompiledInbound {
  readonly mapping: InboundMapping;
  /** The variables of an event: `event` and the `with` names, bound in order. */
  bind(event: Variables[string]): Promise<Variables>;
  readonly acts: readonly InboundActPlan[];
}

type OptionName = keyof ActOptionsData;
const common: readonly OptionName[] = ['transaction', 'reason', 'if'];
const optionsOf = actOptionTable(common, [
  'transaction',
  'kind',
  'terms',
  'addressee',
  'parent',
  'if',
]);

function asString(expression: CompiledExpression): (variables: Variables) => Promise<string> {
  return async (variables) => {
    const value = await evaluateJson(expression, variables);
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
}

/** Compiles a model's inbound mappings, recording every problem at its path (pure). */
export function compileInbound(
  mappings: readonly InboundMapping[],
  root: ExpressionScope,
  model: Pick<ModelDocument, 'transactionKinds' | 'actorRoles'>,
  collector: ProblemCollector,
): CompiledInbound[] {
  const ids = new Set<string>();
  const types = new Map<string, string>();
  return mappings.map((mapping, i) => {
    const path: ModelPath = ['inbound', i];
    if (ids.has(mapping.id)) collector.add([...path, 'id'], `duplicate inbound id '${mapping.id}'`);
    ids.add(mapping.id);
    const other = types.get(mapping.type);
    if (other !== undefined)
      collector.add(
        [...path, 'type'],
        `'${mapping.type}' is already mapped by '${other}': an event type maps to one list of acts`,
      );
    types.set(mapping.type, mapping.id);
    if (!(mapping.role in model.actorRoles))
      collector.add([...path, 'role'], `unknown actor role '${mapping.role}'`);

    let scope = collector.extend(root, { event: 'map<string, dyn>' }, path);
    const bindings: [string, CompiledExpression | undefined][] = [];
    for (const [name, source] of Object.entries(mapping.with ?? {})) {
      const compiled = collector.expression(scope, source, [...path, 'with', name]);
      bindings.push([name, compiled]);
      scope = collector.extend(scope, { [name]: compiled?.type ?? 'dyn' }, [...path, 'with', name]);
    }
    const withTransaction = collector.extend(scope, { transaction: 'dyn' }, path);

    const acts = mapping.acts.flatMap((item, index): InboundActPlan[] => {
      const { name, options } = normalise(item);
      const at = [...path, 'acts', index, name];
      const act = parseAct(name);
      if (act === undefined) return []; // reported by the schema
      const allowed = optionsOf[act] ?? common;
      for (const option of Object.keys(options) as OptionName[])
        if (!allowed.includes(option))
          collector.add(
            [...at, option],
            `'${option}' does not apply to ${act} here; it takes ${allowed.join(', ')}`,
          );
      if (act === 'request') {
        const kind = options.kind === undefined ? undefined : model.transactionKinds[options.kind];
        if (options.kind === undefined)
          collector.add(
            at,
            'a request needs the kind of the new transaction: { request: { kind: TK01, terms: … } }',
          );
        else if (kind === undefined)
          collector.add([...at, 'kind'], `unknown transaction kind '${options.kind}'`);
        else if (kind.initiator !== mapping.role)
          collector.add(
            [...path, 'role'],
            `${options.kind} is requested by its initiator ${kind.initiator}, but this mapping acts as ${mapping.role}: the request would always be refused (WrongRole)`,
          );
      } else if (options.transaction === undefined) {
        collector.add(
          at,
          `an inbound ${act} must name its transaction: { ${act}: { transaction: <id expression> } }`,
        );
      }
      if (act === 'revoke' && options.revokes === undefined)
        collector.add(at, 'a revoke needs revokes: request, promise, declare or accept');
      const text = (key: OptionName, expected: 'string' | 'any' = 'string') =>
        collector.optional(scope, options[key] as string | undefined, [...at, key], expected);
      const transaction = text('transaction');
      const reason = text('reason');
      const addressee = text('addressee');
      const parent = text('parent');
      const due = collector.optional(withTransaction, options.if, [...at, 'if'], 'bool');
      const tree = options.terms ?? options.product;
      const payload =
        tree === undefined
          ? undefined
          : collector.tree(scope, tree, [...at, options.terms === undefined ? 'product' : 'terms']);
      return [
        {
          act,
          ...(options.kind === undefined ? {} : { kind: options.kind }),
          ...(options.revokes === undefined ? {} : { revokes: options.revokes }),
          ...(transaction === undefined ? {} : { transaction: asString(transaction) }),
          ...(due === undefined
            ? {}
            : { due: async (v: Variables) => (await due.evaluate(v)) === true }),
          ...(payload === undefined ? {} : { payload }),
          ...(reason === undefined ? {} : { reason: asString(reason) }),
          ...(addressee === undefined ? {} : { addressee: asString(addressee) }),
          ...(parent === undefined ? {} : { parent: asString(parent) }),
        },
      ];
    });
    return {
      mapping,
      acts,
      async bind(event) {
        const variables: Record<string, Variables[string]> = { event };
        for (const [name, compiled] of bindings) {
          const value: JsonValue =
            compiled === undefined ? null : await evaluateJson(compiled, variables);
          variables[name] = toCel(value);
        }
        return variables;
      },
    };
  });
}
