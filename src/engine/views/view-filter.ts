/**
 * The meaning of a view query's filters, search, sort field and cursor, written once for the
 * stores that filter in memory, and the check every store makes of a field name before it reaches
 * SQL (pure).
 */
import type { JsonObject, JsonValue } from '../../core/index.ts';
import type { ViewQuery } from '../ports/view-store.ts';
import { compareCodePoints } from './code-point-order.ts';

const fieldPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,4}$/;

/** Whether a name may be used as a filter or sort field (pure). */
export function isViewField(name: string): boolean {
  return fieldPattern.test(name);
}

/** Throws when a query names a field that is not a plain identifier (pure). */
export function checkViewFields(query: ViewQuery): void {
  for (const name of [...(query.where ?? []).flatMap((f) => fieldsOf(f.field)), query.sortBy]) {
    if (name !== undefined && !isViewField(name))
      throw new RangeError(`'${name}' is not a field a view can be filtered or sorted by.`);
  }
}

/** The fields a condition reads (pure). */
export function fieldsOf(field: string | readonly string[]): readonly string[] {
  return typeof field === 'string' ? [field] : field;
}

/** A field (a dotted path) of a row as text: strings as they are, numbers in decimal, absent or null as '' (pure). */
export function fieldText(row: JsonObject, field: string): string {
  let value: JsonValue | undefined = row;
  for (const part of field.split('.')) {
    value =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.hasOwn(value, part)
        ? (value as JsonObject)[part]
        : undefined;
  }
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return JSON.stringify(value);
}

/** Compares two strings by code point, the order SQLite and PostgreSQL ("C") sort text in (pure). */
function compareText(a: string, b: string): number {
  return compareCodePoints(a, b);
}

/** Whether a row meets a query's filters and search (the cursor aside) (pure). */
export function rowMatches(_key: string, row: JsonObject, query: ViewQuery): boolean {
  for (const filter of query.where ?? []) {
    const values = typeof filter.value === 'string' ? [filter.value] : filter.value;
    const holds = fieldsOf(filter.field).some((field) => {
      const text = fieldText(row, field);
      if (filter.op === 'eq' || filter.op === 'in') return values.includes(text);
      const d = compareText(text, values[0] ?? '');
      return filter.op === 'gte' ? d >= 0 : d <= 0;
    });
    if (!holds) return false;
  }
  if (query.search !== undefined && query.search !== '') {
    const needle = asciiLower(query.search);
    if (!asciiLower(JSON.stringify(row)).includes(needle)) return false;
  }
  return true;
}

/** Whether a row comes after the query's cursor (always, without one) (pure). */
export function afterCursor(key: string, row: JsonObject, query: ViewQuery): boolean {
  return query.after === undefined || compareRows(query, { key, row }, query.after) > 0;
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Compares a row with another row or a cursor in the query's order: positive when it comes after
 * (pure).
 */
export function compareRows(
  query: ViewQuery,
  a: { key: string; row: JsonObject },
  b: { key: string; row: JsonObject } | { key: string; value: string },
): number {
  const direction = query.order === 'desc' ? -1 : 1;
  if (query.sortBy !== undefined) {
    const bv = 'value' in b ? b.value : fieldText(b.row, query.sortBy);
    const d = compareText(fieldText(a.row, query.sortBy), bv);
    if (d !== 0) return d * direction;
  }
  return compareText(a.key, b.key) * direction;
}
