/**
 * The zod schemas of action rules, ledgers, views, constants and demo data written as data. They
 * check the shape only; the expressions are parsed and type-checked by `compileModelData`, which
 * knows the scope of each.
 */
import { z } from 'zod';
import { parseAct, revocableActs, type FactKind } from '../../core/index.ts';

/** The parts of the model schema the data schemas are built from. */
export interface SchemaParts {
  readonly requiredString: (what: string, missing?: string) => z.ZodString;
  readonly fact: z.ZodType<FactKind>;
  readonly quote: (value: unknown) => string;
}

const expression = (what: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? `missing ${what}`
        : `${what} must be a CEL expression in a string, got ${JSON.stringify(issue.input)}`,
  });

/** A value tree: JSON whose strings are expressions. */
const valueTree: z.ZodType = z.json({
  error: 'must be a value: a CEL expression, a number, a list or a map',
});

/** A name a rule or mapping binds (`with`, `as`): a lower-case identifier. */
const boundName = /^[a-z_][A-Za-z0-9_]*$/;

/** Named values, bound in order: each a CEL expression. */
const withValues = z
  .record(
    z.string().regex(boundName, { error: 'a with name is a lower-case identifier' }),
    expression('with value'),
  )
  .exactOptional();

const revokes = z.enum(revocableActs, {
  error: (issue) =>
    `revokes must be one of ${revocableActs.join(', ')}, got ${JSON.stringify(issue.input)}`,
});

/** Builds the data schemas on the model schema's parts. */
export function dataSchemas(parts: SchemaParts) {
  const { requiredString, fact, quote } = parts;
  const condition = z.strictObject({
    name: requiredString('condition name'),
    holds: expression('holds (a bool expression)'),
    reason: expression('reason (a string expression)').exactOptional(),
  });
  const actOptions = z.strictObject({
    transaction: expression('transaction').exactOptional(),
    reason: expression('reason').exactOptional(),
    revokes: revokes.exactOptional(),
    kind: requiredString('kind').exactOptional(),
    terms: valueTree.exactOptional(),
    product: valueTree.exactOptional(),
    addressee: expression('addressee').exactOptional(),
    parent: expression('parent').exactOptional(),
    key: expression('key').exactOptional(),
    if: expression('if').exactOptional(),
    each: expression('each').exactOptional(),
    as: z
      .string()
      .regex(boundName, { error: 'as must be a lower-case identifier' })
      .exactOptional(),
  });
  const actName = z.string().refine((name) => parseAct(name) !== undefined, {
    error: (issue) =>
      `unknown act ${quote(issue.input)}; acts: promise, decline, execute, declare, accept, reject, request, quit, stop, revoke, allow, refuse`,
  });
  /** One act of a list: its name, or a map of its name to its options; `errors` as the list says it. */
  const actItemOf = (
    options: z.ZodType,
    errors: { readonly oneKey: string; readonly notAnAct: string },
  ) =>
    z.union(
      [
        actName,
        z
          .record(actName, options.nullable())
          .refine((value) => Object.keys(value).length === 1, { error: errors.oneKey }),
      ],
      { error: errors.notAnAct },
    );
  const actItem = actItemOf(actOptions, {
    oneKey: 'an act is a map with exactly one key, the act: { decline: { reason: … } }',
    notAnAct:
      'an act is its name (promise) or a map with one key, the act: { decline: { reason: … } }',
  });
  // An inbound act names its transaction; `each`, `as` and `key` belong to a rule's fan-out.
  const inboundActOptions = actOptions.omit({ each: true, as: true, key: true });
  const inboundActItem = actItemOf(inboundActOptions, {
    oneKey: 'an act is a map with exactly one key, the act: { execute: { transaction: … } }',
    notAnAct:
      'an act is a map with one key, the act: { execute: { transaction: <id expression> } }',
  });
  const actionRule = z.strictObject({
    id: requiredString('rule id'),
    description: z.string().exactOptional(),
    role: requiredString('role'),
    mode: z
      .enum(['automatic', 'proposal'], {
        error: (issue) => `mode must be automatic or proposal, got ${quote(issue.input)}`,
      })
      .exactOptional(),
    when: z.strictObject({ kind: requiredString('kind'), fact }),
    with: withValues,
    while: expression('while').exactOptional(),
    assess: z
      .strictObject({
        rightness: z.array(condition).exactOptional(),
        sincerity: z.array(condition).exactOptional(),
        truth: z.array(condition).exactOptional(),
      })
      .exactOptional(),
    then: z.array(actItem, {
      error: (issue) =>
        issue.input === undefined
          ? 'missing then: the acts to perform, e.g. [promise]'
          : `then must be a list of acts (e.g. [promise]), or a function in TypeScript; got ${JSON.stringify(issue.input)}`,
    }),
    else: z
      .array(actItem, { error: 'else must be a list of acts (e.g. [{ decline: { reason: … } }])' })
      .exactOptional(),
    at: expression('at (a timestamp expression)').exactOptional(),
    after: expression('after (a duration expression)').exactOptional(),
  });
  const ledger = {
    amounts: z.string({
      error: (issue) =>
        issue.input === undefined
          ? 'missing amounts'
          : `amounts must be a CEL expression giving a list of {key, amount} (or a function in TypeScript), got ${JSON.stringify(issue.input)}`,
    }),
  };
  const factMatch = z.strictObject({
    kind: requiredString('kind').exactOptional(),
    fact: z.union([fact, z.array(fact)]).exactOptional(),
  });
  const viewRow = z.strictObject({
    on: factMatch.exactOptional(),
    if: expression('if').exactOptional(),
    key: expression('key'),
    partition: expression('partition').exactOptional(),
    owner: expression('owner').exactOptional(),
    set: z.record(z.string(), valueTree).exactOptional(),
    delete: z.boolean().exactOptional(),
  });
  const view = {
    rows: z.array(viewRow),
  };
  const demoData = z.strictObject({
    ledgers: z.record(z.string(), z.record(z.string(), z.number().nonnegative())).exactOptional(),
  });
  const constants = z.record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'a constant name is an identifier' }),
    z.json(),
  );
  const inbound = z.strictObject({
    id: requiredString('inbound id'),
    description: z.string().exactOptional(),
    type: requiredString('type (the CloudEvents type the mapping takes)'),
    role: requiredString('role'),
    with: withValues,
    acts: z.array(inboundActItem, {
      error: (issue) =>
        issue.input === undefined
          ? 'missing acts: what the event makes the role do, e.g. [{ execute: { transaction: event.subject } }]'
          : `acts must be a list of acts, got ${JSON.stringify(issue.input)}`,
    }),
  });
  return { actionRule, ledger, view, demoData, constants, inbound };
}
