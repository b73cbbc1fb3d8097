/**
 * Compiling the expressions of a model part while collecting every problem at its path (and its
 * offset within the expression), so `model check` lists them all at once.
 */
import type { JsonValue } from '../../core/index.ts';
import { fromCel, NotJsonError, type CelValue } from '../expressions/cel-values.ts';
import {
  ExpressionError,
  type CompiledExpression,
  type ExpectedType,
  type ExpressionScope,
} from '../expressions/expression-scope.ts';
import type { ModelPath } from '../validate-model.ts';
import type { ValueTree } from './model-data.ts';

/** A problem in a model part written as data: its path, and where in the expression when known. */
export interface DataProblem {
  readonly path: ModelPath;
  readonly message: string;
  /** 0-based offset of the problem within the expression at `path`. */
  readonly offset?: number;
}

/** Variables for an evaluation. */
export type Variables = Readonly<Record<string, CelValue>>;

/** Evaluates a value tree to JSON. */
export type TreeEvaluator = (variables: Variables) => Promise<JsonValue>;

/** Runs an expression and turns its value into JSON; a value JSON cannot hold is an `ExpressionError`. */
export async function evaluateJson(
  expression: CompiledExpression,
  variables: Variables,
): Promise<JsonValue> {
  const value = await expression.evaluate(variables);
  try {
    return fromCel(value);
  } catch (error) {
    if (error instanceof NotJsonError) throw new ExpressionError(expression.source, error.message);
    throw error;
  }
}

/** Collects problems while compiling expressions. */
export class ProblemCollector {
  readonly problems: DataProblem[] = [];

  add(path: ModelPath, message: string, offset?: number): void {
    this.problems.push(offset === undefined ? { path, message } : { path, message, offset });
  }

  /** Compiles an expression, or records why it cannot be. */
  expression(
    scope: ExpressionScope,
    source: string,
    path: ModelPath,
    expected: ExpectedType = 'any',
  ): CompiledExpression | undefined {
    const result = scope.compile(source, expected);
    if (result.ok) return result.value;
    this.add(path, `expression error: ${result.error.message}`, result.error.offset);
    return undefined;
  }

  /** An optional expression: undefined source compiles to undefined without a problem. */
  optional(
    scope: ExpressionScope,
    source: string | undefined,
    path: ModelPath,
    expected: ExpectedType = 'any',
  ): CompiledExpression | undefined {
    return source === undefined ? undefined : this.expression(scope, source, path, expected);
  }

  /** Compiles a value tree: string leaves are expressions, other leaves literals. */
  tree(scope: ExpressionScope, tree: ValueTree, path: ModelPath): TreeEvaluator {
    if (typeof tree === 'string') {
      const compiled = this.expression(scope, tree, path);
      return compiled === undefined
        ? () => Promise.resolve(null)
        : (v) => evaluateJson(compiled, v);
    }
    if (Array.isArray(tree)) {
      const items = (tree as readonly ValueTree[]).map((item, i) =>
        this.tree(scope, item, [...path, i]),
      );
      return async (v) => Promise.all(items.map((item) => item(v)));
    }
    if (tree !== null && typeof tree === 'object') {
      const fields = Object.entries(tree as Readonly<Record<string, ValueTree>>).map(
        ([key, value]) => [key, this.tree(scope, value, [...path, key])] as const,
      );
      return async (v) => {
        const out: Record<string, JsonValue> = {};
        for (const [key, evaluate] of fields) out[key] = await evaluate(v);
        return out;
      };
    }
    const literal = tree as JsonValue;
    return () => Promise.resolve(literal);
  }

  /** Extends a scope, recording a problem (and returning the scope unchanged) when it cannot be. */
  extend(
    scope: ExpressionScope,
    variables: Record<string, string>,
    path: ModelPath,
  ): ExpressionScope {
    const result = scope.extend(variables);
    if (result.ok) return result.value;
    this.add(path, result.error);
    return scope;
  }
}
