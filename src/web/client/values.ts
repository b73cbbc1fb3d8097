/**
 * Values as people read them, read from the JSON Schema that describes them: money with its
 * currency, dates, yes/no, names instead of keys — and a one-line summary of a whole payload for
 * tables. Never raw JSON. All pure; a model may add formats of its own (`x-format: product`).
 */
import {
  isJsonArray,
  isJsonObject,
  type JsonValue,
  type JsonSchema,
} from '../../protocol/index.ts';
import { humanise } from './format.ts';
import { schemaType } from './schema-values.ts';

/** A model's own way of showing a value, keyed by the `x-format` that names it. */
export type ValueFormat = (value: JsonValue, schema: JsonSchema) => string;

/** What formatting needs beyond the schema: the default currency and the model's own formats. */
export interface ValueContext {
  readonly currency?: string | undefined;
  readonly formats?: Readonly<Record<string, ValueFormat>>;
  /** The object the value sits in, for a `currency` beside an amount. */
  readonly parent?: Readonly<Record<string, JsonValue>>;
}

/** `1250`, `EUR`, 2 → `€12.50` (pure). */
export function formatMoney(
  amount: number,
  currency: string | undefined,
  minorUnits: number,
): string {
  const major = amount / 10 ** minorUnits;
  if (currency === undefined || !/^[A-Z]{3}$/.test(currency))
    return major.toLocaleString(undefined, {
      minimumFractionDigits: minorUnits,
      maximumFractionDigits: minorUnits,
    });
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(major);
}

function formatDate(value: string, withTime: boolean): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return withTime
    ? date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : date.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
}

/** The label of a property: its schema's title, else its name in words (pure). */
export function fieldTitle(name: string, schema: JsonSchema | undefined): string {
  return schema?.title ?? humanise(name);
}

/** One scalar value as text, by its schema (pure). */
export function formatScalar(
  value: JsonValue,
  schema: JsonSchema = {},
  context: ValueContext = {},
): string {
  if (value === null || value === undefined) return '—';
  const format = schema['x-format'] ?? schema.format;
  const own = format === undefined ? undefined : context.formats?.[format];
  if (own !== undefined) return own(value, schema);
  if (format === 'money' && typeof value === 'number') {
    const sibling = context.parent?.['currency'];
    const currency =
      schema['x-currency'] ?? (typeof sibling === 'string' ? sibling : context.currency);
    const minor = schema['x-minor-units'] ?? (schemaType(schema) === 'integer' ? 2 : 0);
    return formatMoney(value, currency, minor);
  }
  if ((format === 'date' || format === 'date-time') && typeof value === 'string')
    return formatDate(value, format === 'date-time');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString();
  if (typeof value === 'string') return value;
  return summarisePayload(value, schema, context);
}

function itemSummary(
  item: JsonValue,
  schema: JsonSchema | undefined,
  context: ValueContext,
): string {
  if (!isJsonObject(item)) return formatScalar(item, schema, context);
  const properties = schema?.properties ?? {};
  const names = Object.keys(properties).length > 0 ? Object.keys(properties) : Object.keys(item);
  // `2 × Stoneware mug`: a quantity reads best before what it counts.
  const qty = names.find((n) => /^(qty|quantity|count|amount)$/i.test(n));
  const rest = names.filter((n) => n !== qty && item[n] !== undefined);
  const text = rest
    .map((n) => formatScalar(item[n] ?? null, properties[n], { ...context, parent: item }))
    .join(' ');
  return qty === undefined || item[qty] === undefined
    ? text
    : `${formatScalar(item[qty] ?? null, properties[qty], context)} × ${text}`;
}

/**
 * A whole payload on one line for a table cell: `Lines: 2 × MUG-001, 1 × TEA-010 · City: Utrecht`;
 * nested objects name only their first fields (pure).
 */
export function summarisePayload(
  value: JsonValue | undefined,
  schema: JsonSchema | undefined,
  context: ValueContext = {},
  max = 160,
): string {
  if (value === undefined || value === null) return '';
  let text: string;
  if (isJsonArray(value)) {
    text = value.map((item) => itemSummary(item, schema?.items, context)).join(', ');
  } else if (isJsonObject(value)) {
    const properties = schema?.properties ?? {};
    const names = Object.keys(value);
    text = names
      .map((name) => {
        const item = value[name] ?? null;
        const sub = properties[name];
        const shown = isJsonObject(item)
          ? Object.values(item)
              .filter((v) => typeof v === 'string' || typeof v === 'number')
              .slice(0, 3)
              .join(', ')
          : isJsonArray(item)
            ? item.map((i) => itemSummary(i, sub?.items, context)).join(', ')
            : formatScalar(item, sub, { ...context, parent: value });
        return `${fieldTitle(name, sub)}: ${shown}`;
      })
      .join(' · ');
  } else text = formatScalar(value, schema, context);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
