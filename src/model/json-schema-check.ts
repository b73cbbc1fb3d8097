/**
 * A structural check of the JSON Schema subset that payload schemas may use. `z.fromJSONSchema`
 * silently ignores malformed keywords (`properties: 5`, `required: 'x'`), so the model is checked
 * here first and a typo in a schema is reported, not turned into a validator that accepts anything.
 */

/** One problem in a JSON Schema, at a path of keys below the schema's root. */
export interface SchemaProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const jsonTypes = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'] as const;

const schemaMapKeywords = [
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
];
const schemaKeywords = [
  'additionalProperties',
  'contains',
  'not',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
];
const schemaListKeywords = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const numberKeywords = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const countKeywords = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minContains',
  'maxContains',
];
const stringKeywords = [
  '$schema',
  '$id',
  '$ref',
  '$comment',
  '$anchor',
  'title',
  'description',
  'format',
  'contentMediaType',
  'contentEncoding',
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function checkType(type: unknown, path: readonly (string | number)[], out: SchemaProblem[]): void {
  const names = Array.isArray(type) ? (type as unknown[]) : [type];
  if (Array.isArray(type) && type.length === 0) {
    out.push({ path, message: "'type' must not be an empty list" });
    return;
  }
  names.forEach((name, i) => {
    if (typeof name !== 'string' || !(jsonTypes as readonly string[]).includes(name)) {
      out.push({
        path: Array.isArray(type) ? [...path, i] : path,
        message: `unknown type ${JSON.stringify(name)}; valid types: ${jsonTypes.join(', ')}`,
      });
    }
  });
}

function checkKeyword(
  key: string,
  value: unknown,
  at: readonly (string | number)[],
  out: SchemaProblem[],
): void {
  const path = [...at, key];
  if (key === 'type') checkType(value, path, out);
  else if (schemaMapKeywords.includes(key)) {
    if (!isPlainObject(value))
      out.push({ path, message: `'${key}' must be an object of schemas, got ${describe(value)}` });
    else for (const [name, sub] of Object.entries(value)) checkSchema(sub, [...path, name], out);
  } else if (schemaKeywords.includes(key)) checkSchema(value, path, out);
  else if (key === 'items') {
    // draft 7 tuples (`items: [..]`) as well as 2020-12 `items: schema`
    if (Array.isArray(value)) value.forEach((sub, i) => checkSchema(sub, [...path, i], out));
    else checkSchema(value, path, out);
  } else if (schemaListKeywords.includes(key)) {
    if (!Array.isArray(value) || value.length === 0) {
      out.push({
        path,
        message: `'${key}' must be a non-empty list of schemas, got ${describe(value)}`,
      });
    } else value.forEach((sub, i) => checkSchema(sub, [...path, i], out));
  } else if (key === 'required') {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      out.push({
        path,
        message: `'required' must be a list of property names, got ${describe(value)}`,
      });
    }
  } else if (key === 'enum') {
    if (!Array.isArray(value))
      out.push({ path, message: `'enum' must be a list of values, got ${describe(value)}` });
  } else if (numberKeywords.includes(key)) {
    if (typeof value !== 'number')
      out.push({ path, message: `'${key}' must be a number, got ${describe(value)}` });
  } else if (countKeywords.includes(key)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      out.push({
        path,
        message: `'${key}' must be a non-negative integer, got ${describe(value)}`,
      });
    }
  } else if (stringKeywords.includes(key)) {
    if (typeof value !== 'string')
      out.push({ path, message: `'${key}' must be a string, got ${describe(value)}` });
  } else if (key === 'pattern') {
    if (typeof value !== 'string')
      out.push({ path, message: `'pattern' must be a string, got ${describe(value)}` });
    else {
      try {
        new RegExp(value, 'u');
      } catch {
        out.push({ path, message: `'pattern' is not a valid regular expression: ${value}` });
      }
    }
  }
  // Other keywords (`const`, `default`, `examples`, annotations, vendor extensions) take any value.
}

function checkSchema(
  schema: unknown,
  path: readonly (string | number)[],
  out: SchemaProblem[],
): void {
  if (typeof schema === 'boolean') return;
  if (!isPlainObject(schema)) {
    out.push({
      path,
      message: `expected a JSON Schema (an object or a boolean), got ${describe(schema)}`,
    });
    return;
  }
  for (const [key, value] of Object.entries(schema)) checkKeyword(key, value, path, out);
}

/**
 * Lists what is malformed in a JSON Schema whose root must be an object; empty when it is well formed
 * (pure).
 */
export function checkJsonSchema(schema: unknown): SchemaProblem[] {
  if (!isPlainObject(schema)) {
    return [
      {
        path: [],
        message: `a payload schema must be a JSON Schema object, got ${describe(schema)}`,
      },
    ];
  }
  const out: SchemaProblem[] = [];
  checkSchema(schema, [], out);
  return out;
}
