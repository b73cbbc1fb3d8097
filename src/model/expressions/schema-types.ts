/**
 * Payload schemas as CEL types, so that an expression reading `terms.lines[0].skux` fails
 * `model check` with "No such key: skux". An object schema with `properties` becomes a message type
 * with exactly those fields; one without properties a `map<string, dyn>`. JSON Schema `number`
 * becomes `dyn` (a JSON number may be integral or not, and CEL keeps `int` and `double` apart);
 * unions, `$ref` and anything unusual `dyn`, which checks nothing and refuses nothing.
 */
import type { Environment } from '@marcbachmann/cel-js';

type Schema = Readonly<Record<string, unknown>>;

function asSchema(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Schema)
    : undefined;
}

function literalType(values: readonly unknown[]): string {
  if (values.length > 0 && values.every((v) => typeof v === 'string')) return 'string';
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return 'bool';
  if (values.length > 0 && values.every((v) => typeof v === 'number' && Number.isInteger(v)))
    return 'int';
  return 'dyn';
}

/** A valid CEL type name from a path of keys: `Terms_TK01_lines_item`. */
function typeName(parts: readonly string[]): string {
  return parts.map((part) => part.replace(/[^A-Za-z0-9_]/g, '_')).join('_');
}

/**
 * Registers the message types of a JSON Schema in a checking environment and returns the CEL type
 * of its values (`int`, `list<Terms_TK01_lines_item>`, `Terms_TK01`, `dyn`, …).
 */
export function registerSchemaType(
  env: Environment,
  schema: unknown,
  name: readonly string[],
): string {
  const s = asSchema(schema);
  if (s === undefined) return 'dyn';
  if (Array.isArray(s.enum)) return literalType(s.enum);
  if ('const' in s) return literalType([s.const]);
  switch (s.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'array':
      return `list<${registerSchemaType(env, s.items, [...name, 'item'])}>`;
    case 'object': {
      const properties = asSchema(s.properties);
      if (properties === undefined || Object.keys(properties).length === 0)
        return 'map<string, dyn>';
      const fields: Record<string, string> = {};
      for (const [key, property] of Object.entries(properties))
        fields[key] = registerSchemaType(env, property, [...name, key]);
      const type = typeName(name);
      env.registerType(type, { fields });
      return type;
    }
    default:
      return 'dyn';
  }
}
