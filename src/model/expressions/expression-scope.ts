/**
 * Compiling model expressions: a scope names the variables an expression may use, with their CEL
 * types; `compile` parses and type-checks an expression in it (an unknown variable, an unknown
 * field, a syntax or type error is a problem at an offset in the expression) and returns what
 * evaluates it. Expressions are CEL: never `eval`, `new Function` or `vm` on model text.
 */
import { Environment, type TypeCheckResult } from '@marcbachmann/cel-js';
import { err, ok, type Result } from '../../core/index.ts';
import { celTypeOf, isDuration, type CelValue } from './cel-values.ts';
import { checkingEnvironment, runningEnvironment } from './cel-environment.ts';

/** A problem with an expression: what, and where in the expression's text (0-based), if known. */
export interface ExpressionProblem {
  readonly message: string;
  readonly offset?: number;
}

/** The kind of value an expression must give. */
export type ExpectedType = 'bool' | 'string' | 'int' | 'timestamp' | 'duration' | 'list' | 'any';

const typeNames: Record<Exclude<ExpectedType, 'any' | 'list'>, string> = {
  bool: 'bool',
  string: 'string',
  int: 'int',
  timestamp: 'google.protobuf.Timestamp',
  duration: 'google.protobuf.Duration',
};

/** Thrown when an expression fails while it runs (a missing key, a wrong type at run time). */
export class ExpressionError extends Error {
  readonly code = 'ExpressionError';
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} in expression \`${source}\``, options);
    this.name = 'ExpressionError';
  }
}

/** An expression ready to run: its text, its checked type, and its evaluation. */
export interface CompiledExpression {
  readonly source: string;
  /** The CEL type the checker inferred, e.g. `bool`, `list<int>`, `google.protobuf.Timestamp`, `dyn`. */
  readonly type: string;
  /** Runs the expression on values for the scope's variables; throws `ExpressionError`. */
  evaluate(variables: Readonly<Record<string, CelValue>>): Promise<unknown>;
  /** Runs an expression that reads nothing asynchronously (no `facts`); throws `ExpressionError`. */
  evaluateSync(variables: Readonly<Record<string, CelValue>>): unknown;
}

function runtimeMatches(value: unknown, expected: ExpectedType): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'bool':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'bigint';
    case 'timestamp':
      return value instanceof Date;
    case 'duration':
      return isDuration(value);
    case 'list':
      return Array.isArray(value);
  }
}

function summaryOf(error: unknown): ExpressionProblem {
  const e = error as { summary?: unknown; message?: unknown; range?: { start?: unknown } };
  const message =
    typeof e.summary === 'string'
      ? e.summary
      : typeof e.message === 'string'
        ? (e.message.split('\n')[0] ?? e.message)
        : String(error);
  const offset = typeof e.range?.start === 'number' ? e.range.start : undefined;
  return offset === undefined ? { message } : { message, offset };
}

function plainType(type: string): string {
  return type
    .replace('google.protobuf.Timestamp', 'timestamp')
    .replace('google.protobuf.Duration', 'duration');
}

/** The variables an expression may use, with their types; extended by `with` bindings and `each`. */
export class ExpressionScope {
  private constructor(
    private readonly env: Environment,
    /** The names in scope, for messages. */
    readonly names: readonly string[],
  ) {}

  /**
   * A root scope over a checking environment to which `declare` may first add message types (from
   * payload schemas); the environment is frozen once the first scope is extended from it.
   */
  static root(declare: (env: Environment) => void = () => undefined): ExpressionScope {
    const env = checkingEnvironment();
    declare(env);
    return new ExpressionScope(env, []);
  }

  /** A scope with more variables, each with its CEL type; a name already in scope is refused. */
  extend(variables: Readonly<Record<string, string>>): Result<ExpressionScope, string> {
    const env = this.env.clone();
    for (const [name, type] of Object.entries(variables)) {
      if (this.names.includes(name) || env.hasVariable(name))
        return err(`'${name}' is already a variable here; choose another name`);
      try {
        env.registerVariable(name, type);
      } catch {
        try {
          env.registerVariable(name, 'dyn');
        } catch (error) {
          return err(`'${name}' cannot be a variable: ${summaryOf(error).message}`);
        }
      }
    }
    return ok(new ExpressionScope(env, [...this.names, ...Object.keys(variables)]));
  }

  /** Parses and type-checks an expression in this scope (pure). */
  compile(
    source: string,
    expected: ExpectedType = 'any',
  ): Result<CompiledExpression, ExpressionProblem> {
    if (source.trim() === '') return err({ message: 'empty expression' });
    const checked: TypeCheckResult = this.env.check(source);
    if (!checked.valid) {
      const problem = summaryOf(checked.error);
      if (/^Unknown variable: /.test(problem.message)) {
        const known = this.names.length === 0 ? 'none' : this.names.join(', ');
        return err({ ...problem, message: `${problem.message} (in scope: ${known})` });
      }
      return err(problem);
    }
    const type = checked.type ?? 'dyn';
    if (expected !== 'any' && type !== 'dyn') {
      const fits =
        expected === 'list'
          ? type === 'list' || type.startsWith('list<')
          : type === typeNames[expected];
      if (!fits)
        return err({
          message: `must give a value of type ${expected}, but gives ${plainType(type)}`,
          offset: 0,
        });
    }
    try {
      runningEnvironment().parse(source);
    } catch (error) {
      return err(summaryOf(error));
    }
    // Parsed anew on each run: cel-js 8 caches on a parsed expression whether a comprehension went
    // async, and a later run that short-circuits then gives undefined. A parse takes microseconds.
    const run = (variables: Readonly<Record<string, CelValue>>): unknown =>
      runningEnvironment().evaluate(source, variables);
    const checkType = (value: unknown): unknown => {
      if (!runtimeMatches(value, expected))
        throw new ExpressionError(
          source,
          `gave a ${celTypeOf(value)} where a ${expected} is needed`,
        );
      return value;
    };
    return ok({
      source,
      type,
      async evaluate(variables) {
        let value: unknown;
        try {
          value = await run(variables);
        } catch (error) {
          throw new ExpressionError(source, summaryOf(error).message, { cause: error });
        }
        return checkType(value);
      },
      evaluateSync(variables) {
        let value: unknown;
        try {
          value = run(variables);
        } catch (error) {
          throw new ExpressionError(source, summaryOf(error).message, { cause: error });
        }
        if (value instanceof Promise) {
          value.catch(() => undefined);
          throw new ExpressionError(source, 'reads facts, which this expression may not');
        }
        return checkType(value);
      },
    });
  }
}
