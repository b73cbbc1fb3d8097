/**
 * Values between JSON and CEL. CEL keeps integers (`int`, a BigInt here) apart from fractional
 * numbers (`double`), has timestamps and durations; facts hold JSON. Going in, an integral number
 * becomes an `int`; coming out, an `int` becomes a number, a timestamp an ISO 8601 string.
 */
import type { JsonValue } from '../../core/index.ts';

/** A value as CEL expressions see it: JSON with integers as BigInt, timestamps as Date. */
export type CelValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | Date
  | readonly CelValue[]
  | { readonly [key: string]: CelValue }
  | ReadonlyMap<unknown, CelValue>
  | object;

/** A JSON value as CEL sees it: integral numbers (safe integers) become `int` (pure). */
export function toCel(value: JsonValue | undefined): CelValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(toCel);
  // Object.fromEntries defines own properties, so a key such as `__proto__` stays a key.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCel(item)]));
}

/** A CEL timestamp from an ISO 8601 string, or null (pure). */
export function toTimestamp(value: string | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}

/** Thrown when an expression's result cannot be held in a fact (a duration, a type, bytes). */
export class NotJsonError extends Error {
  constructor(what: string) {
    super(`the result is ${what}, which a fact cannot hold as JSON`);
    this.name = 'NotJsonError';
  }
}

/** True for a CEL duration (its class is not exported): a value with `seconds` and `nanos` (pure). */
export function isDuration(
  value: unknown,
): value is { seconds: bigint; nanos: number; valueOf(): number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { seconds?: unknown }).seconds === 'bigint' &&
    typeof (value as { nanos?: unknown }).nanos === 'number'
  );
}

/** A CEL value as JSON: `int` to number, timestamp to ISO 8601, maps to objects (pure; throws `NotJsonError`). */
export function fromCel(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n))
      throw new NotJsonError(`the integer ${value}, too large for JSON`);
    return n;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotJsonError(String(value));
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) {
    return Object.fromEntries(
      [...(value as Map<unknown, unknown>)].map(([key, item]) => [String(key), fromCel(item)]),
    );
  }
  if (value instanceof Uint8Array) throw new NotJsonError('bytes');
  if (isDuration(value)) throw new NotJsonError('a duration');
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromCel(item)]));
  }
  throw new NotJsonError(typeof value);
}

/** A short description of a CEL value's type, for error messages (pure). */
export function celTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'timestamp';
  if (Array.isArray(value)) return 'list';
  if (isDuration(value)) return 'duration';
  return 'map';
}
