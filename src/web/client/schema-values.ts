/** What a form generated from a JSON Schema starts with, and how its inputs read back (pure). */
import {
  isJsonArray,
  isJsonObject,
  type JsonValue,
  type JsonSchema,
} from '../../protocol/index.ts';

/** The schema's main type: the first non-null one, or one inferred from its keywords (pure). */
export function schemaType(schema: JsonSchema): string {
  const declared = Array.isArray(schema.type)
    ? (schema.type as readonly string[]).find((t) => t !== 'null')
    : (schema.type as string | undefined);
  if (declared !== undefined) return declared;
  if (schema.properties !== undefined) return 'object';
  if (schema.items !== undefined) return 'array';
  if (schema.enum !== undefined && schema.enum.every((v) => typeof v === 'string')) return 'string';
  return 'unknown';
}

/** A value that fits the schema's shape, for an empty form (pure). */
export function defaultValue(schema: JsonSchema): JsonValue {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined && schema.enum.length > 0) return schema.enum[0] ?? null;
  switch (schemaType(schema)) {
    case 'object': {
      const value: Record<string, JsonValue> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(name)) value[name] = defaultValue(property);
      }
      return value;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        schema.items === undefined ? null : defaultValue(schema.items),
      );
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** The form's starting value: the kind's example when it has one, else the schema's default (pure). */
export function initialValue(
  schema: JsonSchema | undefined,
  example: JsonValue | undefined,
): JsonValue {
  if (example !== undefined) return structuredClone(example);
  return schema === undefined ? {} : defaultValue(schema);
}

/** A number input's text as the schema's number, or the text itself when it is no number (pure). */
export function readNumber(text: string, integer: boolean): JsonValue {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (Number.isNaN(value)) return text;
  return integer && Number.isInteger(value) ? value : integer ? text : value;
}

/** Drops the empty optional fields of an object before it is sent (pure). */
export function pruneEmpty(schema: JsonSchema, value: JsonValue): JsonValue {
  if (schemaType(schema) === 'object' && isJsonObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [name, item] of Object.entries(value)) {
      const property = schema.properties?.[name];
      const optional = !(schema.required ?? []).includes(name);
      if (optional && (item === '' || item === null)) continue;
      out[name] = property === undefined ? item : pruneEmpty(property, item);
    }
    return out;
  }
  if (schemaType(schema) === 'array' && isJsonArray(value) && schema.items !== undefined) {
    const items = schema.items;
    return value.map((item) => pruneEmpty(items, item));
  }
  return value;
}
