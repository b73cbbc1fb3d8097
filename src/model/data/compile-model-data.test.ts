import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryModel } from '../delivery-model.test-support.ts';
import type { JsonValue } from '../../core/index.ts';
import { defineModel, ModelDataError } from '../define-model.ts';
import { fromCel, toCel } from '../expressions/cel-values.ts';
import { ExpressionError } from '../expressions/expression-scope.ts';
import { parseModelSource } from '../load-model.ts';
import { formatModelProblem } from '../model-problem.ts';
import { dataShopModel, dataShopYaml } from './data-model.test-support.ts';

/** The problems of the data shop with one piece of its text replaced. */
function problemsWith(from: string, to: string) {
  expect(dataShopYaml).toContain(from);
  const text = dataShopYaml.replace(from, to);
  const result = parseModelSource(text);
  if (result.ok) throw new Error('expected problems');
  return { problems: result.error, text };
}

/** The 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

describe('compiling a model written as data', () => {
  it('compiles rules, ledgers and views into the shapes the engine runs', () => {
    const model = dataShopModel();
    expect(model.actionRules?.map((r) => r.id)).toEqual([
      'promise-when-in-stock',
      'review-large-order',
      'decline-stale-request',
      'request-payment',
      'accept-payment',
      'answer-revocation',
    ]);
    const [promise, review, stale] = model.actionRules ?? [];
    expect(typeof promise?.then).toBe('function');
    expect(typeof promise?.assess).toBe('function');
    expect(review?.mode).toBe('proposal');
    expect(typeof stale?.deadline).toBe('function');
    expect(promise?.deadline).toBeUndefined();
    expect(model.views?.[0]?.keepsTransactions).toBe(true);
    expect(typeof model.demoData).toBe('function');
  });

  it("evaluates a ledger's amounts from the terms, and refuses amounts of the wrong shape", () => {
    const [stock] = dataShopModel().ledgers ?? [];
    expect(
      stock?.amounts({
        lines: [
          { sku: 'MUG-001', qty: 2 },
          { sku: 'TEA-010', qty: 1 },
        ],
      }),
    ).toEqual([
      { key: 'MUG-001', amount: 2 },
      { key: 'TEA-010', amount: 1 },
    ]);
    const { problems } = problemsWith(
      `amounts: "terms.lines.map(l, {'key': l.sku, 'amount': l.qty})"`,
      `amounts: "terms.lines.map(l, l.sku)"`,
    );
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "ledgers.0.amounts: each amount must be a map {'key': <string>, 'amount': <number>}, but the list holds string",
    ]);
  });

  it('reports a broken expression at its path, with the line and column of the error in the file', () => {
    const { problems, text } = problemsWith(
      'holds: "size(missing) == 0"',
      'holds: "size(missing) == "',
    );
    const at = positionOf(text, 'size(missing) == "');
    expect(problems).toEqual([
      {
        path: 'actionRules.0.assess.truth.0.holds',
        message: 'expression error: Unexpected token: EOF',
        line: at.line,
        column: at.column + 'size(missing) == '.length,
      },
    ]);
  });

  it('reports an unknown variable with the variables in scope', () => {
    const { problems, text } = problemsWith(
      'amount: total, currency: constants.currency',
      'amount: totl, currency: constants.currency',
    );
    const at = positionOf(text, 'totl');
    expect(problems.map(formatModelProblem)).toEqual([
      `actionRules.3.then.0.request.terms.amount: expression error: Unknown variable: totl (in scope: fact, transaction, terms, product, parent, children, now, constants, facts, total) (line ${at.line}:${at.column})`,
    ]);
  });

  it("type-checks against the kind's payload schema: an unknown field of the terms is a problem", () => {
    const { problems, text } = problemsWith(
      `amounts: "terms.lines.map(l, {'key': l.sku, 'amount': l.qty})"`,
      `amounts: "terms.lines.map(l, {'key': l.skus, 'amount': l.qty})"`,
    );
    const at = positionOf(text, 'skus');
    expect(problems).toEqual([
      { path: 'ledgers.0.amounts', message: 'expression error: No such key: skus', ...at },
    ]);
  });

  it('reports a condition that does not give a bool, an option an act does not take, and a request without a kind', () => {
    const { problems } = problemsWith(
      `    then: [promise]
    else:
      - decline: { reason: "reasons.join('; ')" }
  - id: review-large-order`,
      `    then: [{ promise: { terms: { a: "1" } } }, { request: { terms: {} } }]
    else:
      - decline: { reason: "size(reasons)" }
  - id: review-large-order`,
    );
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "actionRules.0.then.0.promise.terms: 'terms' does not apply to promise; it takes transaction, reason, if, each, as",
      'actionRules.0.then.1.request: a request needs the kind of the child: { request: { kind: TK02, terms: … } }',
      'actionRules.0.else.0.decline.reason: expression error: must give a value of type string, but gives int',
    ]);
  });

  it('lists every problem at once, in file order', () => {
    const { problems } = problemsWith('while: "total <= constants.reviewAbove"', 'while: "total"');
    expect(problems.map((p) => p.path)).toEqual(['actionRules.0.while']);
    expect(problems[0]?.message).toBe(
      'expression error: must give a value of type bool, but gives int',
    );
  });

  it('accepts the same data in a TypeScript model, and refuses a wrong expression there with every problem', () => {
    const base = deliveryModel('ts-with-data');
    const model = defineModel({
      ...base,
      actionRules: [
        {
          id: 'promise',
          role: 'A01',
          when: { kind: 'TK01', fact: 'requested' },
          then: ['promise'],
        },
      ],
    });
    expect(typeof model.actionRules?.[0]?.then).toBe('function');
    expect(() =>
      defineModel({
        ...base,
        actionRules: [
          {
            id: 'promise',
            role: 'A01',
            when: { kind: 'TK01', fact: 'requested' },
            while: 'nope',
            then: ['promise'],
          },
        ],
      }),
    ).toThrow(ModelDataError);
  });

  it('runs an expression that fails at run time as an ExpressionError naming the expression', () => {
    const [stock] = dataShopModel().ledgers ?? [];
    expect(() => stock?.amounts({ lines: 'not a list' })).toThrow(ExpressionError);
  });

  it('keeps a key named __proto__ as a key through CEL and back', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as JsonValue;
    const back = fromCel(toCel(value));
    expect(back).toEqual(value);
    expect(Object.keys(back as object)).toEqual(['__proto__', 'a']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('keeps JSON values as they are through CEL and back (property)', () => {
    const json = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('-0'));
    fc.assert(
      fc.property(json, (value) => {
        const normalised = JSON.parse(JSON.stringify(value)) as JsonValue;
        expect(fromCel(toCel(normalised))).toEqual(normalised);
      }),
    );
  });
});

describe('rules that could never act', () => {
  it("reports an act that is the other party's, and a request of a kind the role does not initiate", () => {
    const { problems } = problemsWith(
      `  - id: accept-payment
    role: A01
    when: { kind: TK02, fact: declared }
    then: [accept]`,
      `  - id: accept-payment
    role: A01
    when: { kind: TK02, fact: declared }
    then: [accept, declare, { request: { kind: TK01 } }]`,
    );
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "actionRules.4.then.1.declare: this rule acts as A01, but declare on TK02 is the executor's (CA01): it would always be refused (WrongRole); give the rule role CA01, or name the transaction acted on",
      'actionRules.4.then.2.request: this rule acts as A01, but TK01 is requested by its initiator CA01: the request would always be refused (WrongRole); give the rule role CA01 or request another kind',
    ]);
  });
});
