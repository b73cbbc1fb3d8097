/**
 * Validates a model: its shape (the zod schema) and its cross-references (roles, kinds, entity types,
 * unique names, examples against payload schemas), with every problem listed at once.
 */
import { dashboardProblems } from './dashboard-spec.ts';
import type { z } from 'zod';
import { err, ok, type Result } from '../core/index.ts';
import { checkJsonSchema } from './json-schema-check.ts';
import type { Model } from './model.ts';
import type { ModelProblem } from './model-problem.ts';
import { modelSchema, writtenForm } from './model-schema.ts';
import { processModelProblems } from './process-model-check.ts';
import { compilePayloadSchema, dottedPath, plainMessage } from './payload-validation.ts';
import { compileModelData, type ModelWithData } from './data/compile-model-data.ts';

export type { ModelProblem } from './model-problem.ts';
export { formatModelProblem, formatModelProblems } from './model-problem.ts';

/** A path into the model as keys and indexes: `['transactionKinds', 'TK01', 'executor']`. */
export type ModelPath = readonly (string | number)[];

/** A position in a source file (1-based). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Options of `validateModel`. */
export interface ValidateModelOptions {
  /**
   * Finds where a path is in the source file, so problems carry line and column; `offset` is a
   * position within the expression found at the path.
   */
  readonly locate?: (path: ModelPath, offset?: number) => SourcePosition | undefined;
}

interface RawProblem {
  readonly path: ModelPath;
  readonly message: string;
  /** Within the expression at `path`. */
  readonly offset?: number;
}

type Obj = Readonly<Record<string, unknown>>;

function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

function entriesOf(value: unknown): [string, unknown][] {
  const o = obj(value);
  return o === undefined ? [] : Object.entries(o);
}

function itemsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function fromZod(issues: readonly z.core.$ZodIssue[]): RawProblem[] {
  return issues.flatMap((issue): RawProblem[] => {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field '${key}'` }));
    }
    if (issue.code === 'invalid_key') {
      return [{ path, message: issue.issues[0]?.message ?? issue.message }];
    }
    const form = issue.code === 'invalid_union' ? writtenForm(path, issue.input) : undefined;
    if (issue.code === 'invalid_union' && form !== undefined) {
      const chosen = issue.errors[form] ?? [];
      return fromZod(chosen.map((inner) => ({ ...inner, path: [...path, ...inner.path] })));
    }
    return [{ path, message: plainMessage(issue.message) }];
  });
}

/** The cross-reference checks, run on the raw input so a shape error elsewhere hides none of them. */
function crossReferences(input: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  const root = obj(input) ?? {};
  const roles = new Set(entriesOf(root.actorRoles).map(([id]) => id));
  const kinds = entriesOf(root.transactionKinds);
  const kindIds = new Set(kinds.map(([id]) => id));
  const entityTypes = entriesOf(obj(root.factModel)?.entityTypes);
  const entityIds = new Set(entityTypes.map(([id]) => id));

  const role = (value: unknown, path: ModelPath): void => {
    const id = str(value);
    if (id !== undefined && !roles.has(id))
      problems.push({ path, message: `unknown actor role '${id}'` });
  };
  const kind = (value: unknown, path: ModelPath): void => {
    const id = str(value);
    if (id !== undefined && !kindIds.has(id))
      problems.push({ path, message: `unknown transaction kind '${id}'` });
  };
  const entity = (value: unknown, path: ModelPath): void => {
    const id = str(value);
    if (id !== undefined && !entityIds.has(id))
      problems.push({ path, message: `unknown entity type '${id}'` });
  };

  // The built-in views may be listed too (the dashboard reads them at /api/views/{name}).
  const declaredViews = new Set([
    'transactions',
    'agenda',
    'facts-in-force',
    'ledgers',
    ...itemsOf(root.views)
      .map((view) => str(obj(view)?.name))
      .filter((n): n is string => n !== undefined),
  ]);
  for (const problem of dashboardProblems(obj(root.dashboard), {
    roles,
    kinds: kindIds,
    views: declaredViews,
  }))
    problems.push({ path: ['dashboard', ...problem.path], message: problem.message });

  /**
   * A check that each name of one sort is used once: a repeat is a problem at its path, naming who
   * used it first when the first use has an owner (business names are shared by kinds and ledgers).
   */
  const usedOnce = (what: string) => {
    const owners = new Map<string, string | undefined>();
    return (value: unknown, path: ModelPath, owner?: string): void => {
      const name = str(value);
      if (name === undefined) return;
      if (!owners.has(name)) {
        owners.set(name, owner);
        return;
      }
      const first = owners.get(name);
      problems.push({
        path,
        message: `duplicate ${what} '${name}'${first === undefined ? '' : ` (also the name of ${first})`}`,
      });
    };
  };
  const businessName = usedOnce('business name');
  const ruleId = usedOnce('rule id');
  const viewName = usedOnce('view name');
  const ledgerName = usedOnce('ledger name');

  for (const [kindId, value] of kinds) {
    const at = ['transactionKinds', kindId];
    if (roles.has(kindId)) {
      problems.push({ path: at, message: `duplicate id '${kindId}': it is also an actor role` });
    }
    const def = obj(value);
    if (def === undefined) continue;
    role(def.initiator, [...at, 'initiator']);
    role(def.executor, [...at, 'executor']);
    entity(def.entityType, [...at, 'entityType']);
    businessName(def.name, [...at, 'name'], kindId);
    problems.push(...exampleProblems(def, at));
  }

  const processModel = obj(root.processModel);
  itemsOf(processModel?.responseLinks).forEach((link, i) => {
    const at = ['processModel', 'responseLinks', i];
    kind(obj(obj(link)?.from)?.kind, [...at, 'from', 'kind']);
    kind(obj(obj(link)?.to)?.kind, [...at, 'to', 'kind']);
  });
  itemsOf(processModel?.waitLinks).forEach((link, i) => {
    const at = ['processModel', 'waitLinks', i];
    kind(obj(obj(link)?.act)?.kind, [...at, 'act', 'kind']);
    kind(obj(obj(link)?.waitsFor)?.kind, [...at, 'waitsFor', 'kind']);
  });

  for (const [entityId, value] of entityTypes) {
    for (const [property, def] of entriesOf(obj(value)?.properties)) {
      const at = ['factModel', 'entityTypes', entityId, 'properties', property, 'type', 'entity'];
      entity(obj(obj(def)?.type)?.entity, at);
    }
  }

  itemsOf(root.actionRules).forEach((rule, i) => {
    const at = ['actionRules', i];
    const def = obj(rule);
    role(def?.role, [...at, 'role']);
    kind(obj(def?.when)?.kind, [...at, 'when', 'kind']);
    itemsOf(def?.performs).forEach((performed, j) =>
      kind(obj(performed)?.kind, [...at, 'performs', j, 'kind']),
    );
    ruleId(def?.id, [...at, 'id']);
  });

  itemsOf(root.views).forEach((view, i) => {
    const at = ['views', i];
    const def = obj(view);
    itemsOf(def?.readableBy).forEach((reader, j) => role(reader, [...at, 'readableBy', j]));
    viewName(def?.name, [...at, 'name']);
  });
  itemsOf(root.ledgers).forEach((ledger, i) => {
    const at = ['ledgers', i];
    const def = obj(ledger);
    if (def?.consumeOn !== undefined && def.releaseOn !== undefined)
      problems.push({
        path: [...at, 'releaseOn'],
        message:
          'a ledger either consumes its reservations (consumeOn: stock that leaves) or gives them back (releaseOn: a car back in the fleet), not both',
      });
    kind(def?.kind, [...at, 'kind']);
    entity(def?.entityType, [...at, 'entityType']);
    ledgerName(def?.name, [...at, 'name']);
    businessName(def?.businessName, [...at, 'businessName'], `ledger ${str(def?.name) ?? i}`);
  });
  return problems;
}

/** The example request payload of a kind checked against its payload schema, when both are usable. */
function exampleProblems(def: Obj, at: ModelPath): RawProblem[] {
  if (def.payload === undefined || def.example === undefined) return [];
  if (checkJsonSchema(def.payload).length > 0) return []; // reported by the schema
  const compiled = compilePayloadSchema(def.payload);
  if (!compiled.ok) return [];
  const result = compiled.value.safeParse(def.example);
  if (result.success) return [];
  return fromZod(result.error.issues).map((problem) => ({
    path: [...at, 'example', ...problem.path],
    message: `example does not match the payload schema: ${problem.message}`,
  }));
}

function toProblem(raw: RawProblem, locate: ValidateModelOptions['locate']): ModelProblem {
  const path = raw.path.length === 0 ? '(model)' : dottedPath(raw.path);
  const position = locate?.(raw.path, raw.offset);
  return position === undefined
    ? { path, message: raw.message }
    : { path, message: raw.message, line: position.line, column: position.column };
}

/**
 * Validates a model from YAML, JSON or TypeScript: its shape and every cross-reference, returning
 * the model or all problems at once, each as `path: message` (pure).
 *
 * @example
 * const result = validateModel(parsedYaml);
 * if (!result.ok) console.error(formatModelProblems(result.error));
 * // transactionKinds.TK02.executor: unknown actor role 'A09'
 */
export function validateModel(
  input: unknown,
  options: ValidateModelOptions = {},
): Result<Model, ModelProblem[]> {
  if (obj(input) === undefined) {
    const got = input === null ? 'null' : Array.isArray(input) ? 'a list' : typeof input;
    const message = `a model must be an object with name, actorRoles and transactionKinds, got ${got}`;
    return err([toProblem({ path: [], message }, options.locate)]);
  }
  const parsed = modelSchema.safeParse(input, { reportInput: true });
  const raw = [...(parsed.success ? [] : fromZod(parsed.error.issues)), ...crossReferences(input)];
  // What the Process Model can never do is checked on a model whose parts all exist.
  if (parsed.success && raw.length === 0)
    raw.push(...processModelProblems(parsed.data as ModelWithData));
  if (raw.length > 0 || !parsed.success)
    return err(raw.map((problem) => toProblem(problem, options.locate)));
  // The schema's output is the model with its data parts still as data; its act names and value
  // trees are checked strings and JSON, which `ModelWithData` names more narrowly.
  const withData = parsed.data as ModelWithData;
  const { compiled, problems } = compileModelData(withData);
  if (problems.length > 0)
    return err(problems.map((problem) => toProblem(problem, options.locate)));
  // The data parts are replaced by their compiled forms; the rest of the document is kept as is.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { actionRules, ledgers, views, demoData, ...document } = withData;
  return ok({ ...document, ...compiled });
}
