/**
 * The acts of a data rule's `then` and `else`, compiled: each item becomes the intents it asks for
 * (perform an act on a transaction, or request a child), with its expressions evaluated on the
 * rule's variables, once per element with `each`, only when its `if` holds.
 */
import {
  parseAct,
  standardTransitions,
  type Act,
  type JsonValue,
  type Party,
  type RevocableAct,
} from '../../core/index.ts';
import { initiate, perform, type ActIntent, type RuleContext } from '../action-rule.ts';
import {
  evaluateJson,
  type ProblemCollector,
  type TreeEvaluator,
  type Variables,
} from './problem-collector.ts';
import type { ExpressionScope, CompiledExpression } from '../expressions/expression-scope.ts';
import type { ModelPath } from '../validate-model.ts';
import type { ActData, ActOptionsData } from './model-data.ts';
import type { ModelDocument } from '../model.ts';

/** Turns a rule's variables into the intents of one list of acts. */
export type CompiledActs = (variables: Variables, context: RuleContext) => Promise<ActIntent[]>;

type OptionName = keyof ActOptionsData;

/**
 * Which options each act takes: `common` for most, plus the product on execute and the act revoked
 * on revoke, allow and refuse; a request takes its own list (pure).
 */
export function actOptionTable(
  common: readonly OptionName[],
  request: readonly OptionName[],
): Partial<Record<Act, readonly OptionName[]>> {
  return {
    request,
    execute: [...common, 'product'],
    revoke: [...common, 'revokes'],
    allow: [...common, 'revokes'],
    refuse: [...common, 'revokes'],
  };
}

const common: readonly OptionName[] = ['transaction', 'reason', 'if', 'each', 'as'];
const optionsOf = actOptionTable(common, [
  'kind',
  'terms',
  'addressee',
  'parent',
  'key',
  'reason',
  'if',
  'each',
  'as',
]);

/** An act item as its name and options: `promise`, or `{ decline: { reason: … } }` (pure). */
export function normalise(item: ActData): { name: string; options: ActOptionsData } {
  if (typeof item === 'string') return { name: item, options: {} };
  const [name, options] = Object.entries(item)[0] ?? ['', null];
  return { name, options: options ?? {} };
}

/** The element type of a CEL list type, `dyn` when unknown (pure). */
function elementType(listType: string): string {
  const match = /^list<(.+)>$/.exec(listType);
  return match?.[1] ?? 'dyn';
}

async function stringOf(expression: CompiledExpression, variables: Variables): Promise<string> {
  const value = await evaluateJson(expression, variables);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface ActParts {
  readonly act: Act;
  readonly transaction?: CompiledExpression;
  readonly reason?: CompiledExpression;
  readonly revokes?: RevocableAct;
  readonly kind?: string;
  readonly terms?: TreeEvaluator;
  readonly product?: TreeEvaluator;
  readonly addressee?: CompiledExpression;
  readonly parent?: CompiledExpression;
  readonly key?: CompiledExpression;
  readonly when?: CompiledExpression;
}

async function intentOf(
  parts: ActParts,
  variables: Variables,
  context: RuleContext,
): Promise<ActIntent> {
  const reason = parts.reason === undefined ? undefined : await stringOf(parts.reason, variables);
  const justification = reason === undefined ? {} : { justification: reason };
  if (parts.act === 'request') {
    const addressee =
      parts.addressee === undefined ? undefined : await evaluateJson(parts.addressee, variables);
    const parent = parts.parent === undefined ? undefined : await stringOf(parts.parent, variables);
    const key = parts.key === undefined ? undefined : await stringOf(parts.key, variables);
    const payload: JsonValue | undefined =
      parts.terms === undefined ? undefined : await parts.terms(variables);
    return initiate(parts.kind ?? '', {
      ...(payload === undefined ? {} : { payload }),
      ...(typeof addressee === 'string' ? { addressee } : {}),
      ...(parent === undefined ? {} : { parent }),
      ...(key === undefined ? {} : { key }),
    });
  }
  const target =
    parts.transaction === undefined
      ? context.fact.transactionId
      : await stringOf(parts.transaction, variables);
  let revokes = parts.revokes;
  if (revokes === undefined && (parts.act === 'allow' || parts.act === 'refuse')) {
    // By default the answer is to the revocation pending on the target.
    const state =
      target === context.transaction.id
        ? context.transaction
        : await context.facts.transaction(target);
    revokes = state?.pendingRevocation?.revokes;
  }
  const product = parts.product === undefined ? undefined : await parts.product(variables);
  return perform(target, parts.act, {
    ...(revokes === undefined ? {} : { revokes }),
    ...(product === undefined ? {} : { payload: product }),
    ...justification,
  });
}

/**
 * The acts a list performs whose kind is known without running it: acts on the fact's own
 * transaction, and requests of a child kind; the diagrams draw them as automated (pure).
 */
export function performedActs(
  items: readonly ActData[],
  ownKind: string,
): { readonly kind: string; readonly act: Act }[] {
  return items.flatMap((item): { kind: string; act: Act }[] => {
    const { name, options } = normalise(item);
    const act = parseAct(name);
    if (act === undefined) return [];
    if (act === 'request') return options.kind === undefined ? [] : [{ kind: options.kind, act }];
    return options.transaction === undefined ? [{ kind: ownKind, act }] : [];
  });
}

/** The party that performs an act, when the act alone says it (pure). */
function partyOf(act: Act, revokes: RevocableAct | undefined): Party | undefined {
  if (act === 'revoke')
    return revokes === undefined
      ? undefined
      : revokes === 'request' || revokes === 'accept'
        ? 'initiator'
        : 'executor';
  if (act === 'allow' || act === 'refuse') return undefined;
  return standardTransitions.find((t) => t.act === act)?.by;
}

/**
 * The acts of a list that the rule's role can never perform, so the rule could never do them: an
 * act on the fact's own transaction that is the other party's, or a request of a kind the role does
 * not initiate. Each problem names the place and the fix (pure).
 */
export function actsNeverPerformed(
  items: readonly ActData[],
  path: ModelPath,
  rule: { readonly role: string; readonly kind: string },
  model: Pick<ModelDocument, 'transactionKinds'>,
): { readonly path: ModelPath; readonly message: string }[] {
  const own = model.transactionKinds[rule.kind];
  return items.flatMap((item, index) => {
    const { name, options } = normalise(item);
    const act = parseAct(name);
    if (act === undefined) return [];
    const at = [...path, index, name];
    if (act === 'request') {
      const child = options.kind === undefined ? undefined : model.transactionKinds[options.kind];
      if (child === undefined || child.initiator === rule.role) return [];
      return [
        {
          path: at,
          message: `this rule acts as ${rule.role}, but ${options.kind ?? ''} is requested by its initiator ${child.initiator}: the request would always be refused (WrongRole); give the rule role ${child.initiator} or request another kind`,
        },
      ];
    }
    if (options.transaction !== undefined || own === undefined) return [];
    const party = partyOf(act, options.revokes);
    if (party === undefined) return [];
    const role = party === 'initiator' ? own.initiator : own.executor;
    if (role === rule.role) return [];
    return [
      {
        path: at,
        message: `this rule acts as ${rule.role}, but ${act} on ${rule.kind} is the ${party}'s (${role}): it would always be refused (WrongRole); give the rule role ${role}, or name the transaction acted on`,
      },
    ];
  });
}

/** Compiles one list of acts (`then` or `else`) in a scope, recording problems at their paths. */
export function compileActs(
  items: readonly ActData[],
  scope: ExpressionScope,
  path: ModelPath,
  collector: ProblemCollector,
  model: Pick<ModelDocument, 'transactionKinds'>,
): CompiledActs {
  const compiled = items.map((item, index) => {
    const at = [...path, index];
    const { name, options } = normalise(item);
    const act = parseAct(name);
    if (act === undefined) return undefined; // reported by the schema
    const allowed = optionsOf[act] ?? common;
    for (const option of Object.keys(options) as OptionName[]) {
      if (!allowed.includes(option))
        collector.add(
          [...at, name, option],
          `'${option}' does not apply to ${act}; it takes ${allowed.join(', ')}`,
        );
    }
    if (act === 'request') {
      if (options.kind === undefined)
        collector.add(
          [...at, name],
          'a request needs the kind of the child: { request: { kind: TK02, terms: … } }',
        );
      else if (!(options.kind in model.transactionKinds))
        collector.add([...at, name, 'kind'], `unknown transaction kind '${options.kind}'`);
    }
    if (act === 'revoke' && options.revokes === undefined)
      collector.add([...at, name], 'a revoke needs revokes: request, promise, declare or accept');
    const each = collector.optional(scope, options.each, [...at, name, 'each'], 'list');
    if (options.as !== undefined && options.each === undefined)
      collector.add(
        [...at, name, 'as'],
        "'as' names the element of 'each'; add each: <list expression>",
      );
    const inner =
      each === undefined
        ? scope
        : collector.extend(scope, { [options.as ?? 'item']: elementType(each.type) }, [
            ...at,
            name,
            'as',
          ]);
    const p = (key: OptionName, expected: 'string' | 'bool' | 'any' = 'any') =>
      collector.optional(inner, options[key] as string | undefined, [...at, name, key], expected);
    const parts: ActParts = {
      act,
      ...(options.revokes === undefined ? {} : { revokes: options.revokes }),
      ...(options.kind === undefined ? {} : { kind: options.kind }),
      ...optionalPart('transaction', p('transaction', 'string')),
      ...optionalPart('reason', p('reason', 'string')),
      ...optionalPart('addressee', p('addressee')),
      ...optionalPart('parent', p('parent', 'string')),
      ...optionalPart('key', p('key')),
      ...optionalPart('when', p('if', 'bool')),
      ...(options.terms === undefined
        ? {}
        : { terms: collector.tree(inner, options.terms, [...at, name, 'terms']) }),
      ...(options.product === undefined
        ? {}
        : { product: collector.tree(inner, options.product, [...at, name, 'product']) }),
    };
    return { parts, each, as: options.as ?? 'item' };
  });
  return async (variables, context) => {
    const intents: ActIntent[] = [];
    for (const entry of compiled) {
      if (entry === undefined) continue;
      const elements: readonly Variables[] =
        entry.each === undefined
          ? [variables]
          : ((await entry.each.evaluate(variables)) as readonly unknown[]).map((element) => ({
              ...variables,
              [entry.as]: element as Variables[string],
            }));
      for (const scoped of elements) {
        if (entry.parts.when !== undefined && (await entry.parts.when.evaluate(scoped)) !== true)
          continue;
        intents.push(await intentOf(entry.parts, scoped, context));
      }
    }
    return intents;
  };
}

function optionalPart<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
