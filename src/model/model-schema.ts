/**
 * The zod schema of a model: one schema for YAML/JSON documents and TypeScript models alike. It
 * checks the shape of each part; `validateModel` adds the cross-references (roles, kinds, entity
 * types, unique names) and lists every problem at once.
 */
import { dashboardSchema } from './dashboard-spec.ts';
import { z } from 'zod';
import { allActs, factKinds } from '../core/index.ts';
import type { ActionRule } from './action-rule.ts';
import { checkJsonSchema } from './json-schema-check.ts';
import type { LedgerDefinition } from './ledger-definition.ts';
import type { Cardinality, DemoDataTarget, PayloadSchema } from './model.ts';
import { compilePayloadSchema } from './payload-validation.ts';
import type { ViewDefinition } from './view-definition.ts';
import { dataSchemas } from './data/data-schema.ts';

/** The pattern of actor role, transaction kind and entity type ids: `CA01`, `A01`, `TK01`, `PRODUCT`. */
export const idPattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The pattern of a kind's business name: a PascalCase identifier, since it prefixes event types. */
export const businessNamePattern = /^[A-Z][A-Za-z0-9]*$/;

/** The pattern of a ledger's name: lower case, since it is part of its stream ids. */
export const ledgerNamePattern = /^[a-z][a-z0-9-]*$/;

/** The cardinalities a link may have. */
export const cardinalities: readonly Cardinality[] = ['1', '0..1', '0..n', '1..n'];

const propertyTypes = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'money',
  'json',
] as const;

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

function requiredString(what: string, missing?: string): z.ZodString {
  return z.string({
    error: (issue) =>
      issue.input === undefined
        ? (missing ?? `missing ${what}`)
        : `${what} must be a string, got ${quote(issue.input)}`,
  });
}

const id = z.string().regex(idPattern, {
  error: (issue) =>
    `invalid id ${quote(issue.input)}: an id starts with a letter and has only letters, digits, '_' and '-'`,
});

const functionOf = <F>(what: string) =>
  z.custom<NonNullable<F>>((value) => typeof value === 'function', {
    error: (issue) =>
      issue.input === undefined ? `missing ${what}` : `${what} must be a function`,
  });

const fact = z.enum(factKinds, {
  error: (issue) =>
    issue.input === undefined
      ? 'missing fact'
      : `unknown fact ${quote(issue.input)}; valid facts: ${factKinds.join(', ')}`,
});

const act = z.enum(allActs, {
  error: (issue) =>
    issue.input === undefined
      ? 'missing act'
      : `unknown act ${quote(issue.input)}; valid acts: ${allActs.join(', ')}`,
});

const cardinality = z.preprocess(
  // YAML reads `cardinality: 1` as a number.
  (value) => (value === 1 ? '1' : value),
  z.enum(cardinalities as [Cardinality, ...Cardinality[]], {
    error: (issue) =>
      `bad cardinality ${quote(issue.input)}; expected one of ${cardinalities.map((c) => `'${c}'`).join(', ')}`,
  }),
);

/** A payload schema: a well-formed JSON Schema object that `z.fromJSONSchema` can compile. */
const payloadSchema = z.custom<PayloadSchema>().superRefine((value, ctx) => {
  const problems = checkJsonSchema(value);
  for (const problem of problems) {
    ctx.addIssue({
      code: 'custom',
      path: [...problem.path],
      message: `invalid payload schema: ${problem.message}`,
    });
  }
  if (problems.length > 0) return;
  const compiled = compilePayloadSchema(value);
  if (!compiled.ok)
    ctx.addIssue({ code: 'custom', message: `invalid payload schema: ${compiled.error}` });
});

const actorRole = z.strictObject({
  name: requiredString('name', 'missing name of the actor role'),
  kind: z
    .enum(['elementary', 'composite', 'environmental'], {
      error: (issue) =>
        `unknown actor role kind ${quote(issue.input)}; valid kinds: elementary, composite, environmental`,
    })
    .exactOptional(),
  personal: z.boolean().exactOptional(),
  description: z.string().exactOptional(),
  demoActors: z.array(z.string()).exactOptional(),
});

const transactionKind = z.strictObject({
  name: requiredString('business name', 'missing business name (e.g. Order)').regex(
    businessNamePattern,
    {
      error: (issue) =>
        `business name ${quote(issue.input)} must be a PascalCase identifier (e.g. 'Order'): it prefixes event types like 'OrderRequested'`,
    },
  ),
  label: z.string().exactOptional(),
  product: requiredString('product', "missing product kind (e.g. '[order] is completed')"),
  entityType: z.string().exactOptional(),
  entityKey: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, {
      error: (issue) =>
        `entityKey ${quote(issue.input)} must be a dotted path into the request's terms, e.g. 'orderId' or 'rental.id'`,
    })
    .exactOptional(),
  initiator: requiredString(
    'initiator',
    'missing initiator: a transaction kind needs an initiator actor role',
  ),
  executor: requiredString(
    'executor',
    'missing executor: a transaction kind needs an executor actor role',
  ),
  payload: payloadSchema.exactOptional(),
  example: z.json({
    error: (issue) =>
      issue.input === undefined
        ? 'missing example request payload'
        : 'example must be a JSON value',
  }),
  productPayload: payloadSchema.exactOptional(),
  description: z.string().exactOptional(),
});

const factRef = z.strictObject({ kind: requiredString('kind'), fact });
const actRef = z.strictObject({ kind: requiredString('kind'), act });

const responseLink = z.strictObject({
  from: factRef,
  to: actRef,
  cardinality: cardinality.exactOptional(),
});

const waitLink = z.strictObject({
  act: actRef,
  waitsFor: factRef,
  cardinality: cardinality.exactOptional(),
});

const propertyDef = z.strictObject({
  type: z.union([z.enum(propertyTypes), z.strictObject({ entity: requiredString('entity') })], {
    error: (issue) =>
      issue.input === undefined
        ? 'missing property type'
        : `unknown property type ${quote(issue.input)}; valid types: ${propertyTypes.join(', ')}, or { entity: ENTITY_TYPE }`,
  }),
  many: z.boolean().exactOptional(),
  description: z.string().exactOptional(),
});

const entityType = z.strictObject({
  description: z.string().exactOptional(),
  properties: z.record(id, propertyDef),
});

// The TypeScript-only parts are loose objects: their types evolve with the engine, and unknown
// keys pass through untouched (the compiler checks them in a TypeScript model).
const actionRule = z.looseObject({
  id: requiredString('rule id'),
  description: z.string().exactOptional(),
  role: requiredString('role'),
  when: z.strictObject({ kind: requiredString('kind'), fact }),
  performs: z.array(actRef).exactOptional(),
  if: functionOf<ActionRule['if']>('if').exactOptional(),
  then: functionOf<ActionRule['then']>('then'),
  else: functionOf<ActionRule['else']>('else').exactOptional(),
});

const viewCommon = {
  name: requiredString('view name'),
  description: z.string().exactOptional(),
  version: z.number().int().exactOptional(),
  readableBy: z.array(z.string()).exactOptional(),
};

const viewDefinition = z.looseObject({
  ...viewCommon,
  project: functionOf<ViewDefinition['project']>('project'),
});

const ledgerCommon = {
  name: requiredString('ledger name').regex(ledgerNamePattern, {
    error: (issue) =>
      `ledger name ${quote(issue.input)} must be lower-case letters, digits and '-': it is part of stream ids like 'ledger:stock:MUG-001'`,
  }),
  businessName: requiredString('business name').regex(businessNamePattern, {
    error: (issue) =>
      `business name ${quote(issue.input)} must be a PascalCase identifier (e.g. 'Stock'): it prefixes event types like 'StockReserved'`,
  }),
  entityType: z.string().exactOptional(),
  description: z.string().exactOptional(),
  kind: requiredString('kind'),
  reserveOn: act,
  consumeOn: act.exactOptional(),
  releaseOn: act.exactOptional(),
};

const ledgerDefinition = z.looseObject({
  ...ledgerCommon,
  amounts: functionOf<LedgerDefinition['amounts']>('amounts'),
});

const data = dataSchemas({ requiredString, fact, quote });
const ledgerData = z.strictObject({ ...ledgerCommon, ...data.ledger });
const viewData = z.strictObject({ ...viewCommon, ...data.view });

/** The field whose form tells a part written in TypeScript (a function) from one written as data. */
const formFields: Readonly<Record<string, string>> = {
  actionRules: 'then',
  views: 'project',
  ledgers: 'amounts',
};

/**
 * Which alternative of a part a value is written in: 0 TypeScript (its telling field is a
 * function), 1 data; undefined when the path is not such a part. The validator reports the issues
 * of that alternative only, so each form gets the messages of its own (pure).
 */
export function writtenForm(path: readonly PropertyKey[], input: unknown): 0 | 1 | undefined {
  const field = typeof path[0] === 'string' && path.length === 2 ? formFields[path[0]] : undefined;
  if (field === undefined) return undefined;
  const written = (input as Record<string, unknown> | null | undefined)?.[field];
  return typeof written === 'function' ? 0 : 1;
}

/** A part written either in TypeScript (with functions) or as data (with expressions). */
function either<T extends z.ZodType, D extends z.ZodType>(typescript: T, asData: D) {
  return z.union([typescript, asData]);
}

/**
 * The schema of a model (`ModelDocument` plus `actionRules`, `views` and `ledgers`, each written in
 * TypeScript with functions or as data with CEL expressions). Structural only: cross-references
 * are `validateModel`'s, expressions `compileModelData`'s.
 */
export const modelSchema = z.strictObject({
  name: requiredString('model name'),
  description: z.string().exactOptional(),
  actorRoles: z.record(id, actorRole, {
    error: (issue) => (issue.input === undefined ? 'missing actorRoles' : undefined),
  }),
  transactionKinds: z.record(id, transactionKind, {
    error: (issue) => (issue.input === undefined ? 'missing transactionKinds' : undefined),
  }),
  processModel: z
    .strictObject({
      responseLinks: z.array(responseLink).exactOptional(),
      waitLinks: z.array(waitLink).exactOptional(),
    })
    .exactOptional(),
  factModel: z
    .strictObject({ entityTypes: z.record(id, entityType).exactOptional() })
    .exactOptional(),
  dashboard: dashboardSchema.exactOptional(),
  constants: data.constants.exactOptional(),
  actionRules: z.array(either(actionRule, data.actionRule)).exactOptional(),
  views: z.array(either(viewDefinition, viewData)).exactOptional(),
  ledgers: z.array(either(ledgerDefinition, ledgerData)).exactOptional(),
  inbound: z.array(data.inbound).exactOptional(),
  demoData: z
    .union(
      [
        z.custom<(target: DemoDataTarget) => Promise<void>>((value) => typeof value === 'function'),
        data.demoData,
      ],
      {
        error:
          'demoData must be { ledgers: { <ledger>: { <key>: <amount> } } } (or a function in TypeScript)',
      },
    )
    .exactOptional(),
});

/** What the schema accepts, as a type. */
export type ModelSchemaOutput = z.output<typeof modelSchema>;
