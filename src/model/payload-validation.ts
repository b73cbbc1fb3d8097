/**
 * Payload validation: each kind's JSON Schemas compiled once per model with `z.fromJSONSchema`, and
 * a check of an act's payload that returns issues with dotted paths (`lines.0.qty`).
 */
import { z } from 'zod';
import { err, ok, type Act, type PayloadIssue, type Result } from '../core/index.ts';
import type { ModelDocument } from './model.ts';

/** A compiled payload validator. */
export type PayloadValidator = z.ZodType;

/** The validators of a model: per kind, per act (`request` → `payload`, `execute` → `productPayload`). */
export type CompiledPayloads = ReadonlyMap<
  string,
  Readonly<Partial<Record<Act, PayloadValidator>>>
>;

/** Thrown by `compilePayloadSchemas` for a schema that `validateModel` would have reported. */
export class PayloadSchemaError extends Error {
  readonly code = 'InvalidPayloadSchema';
  constructor(
    readonly kind: string,
    readonly field: 'payload' | 'productPayload',
    message: string,
  ) {
    super(`transactionKinds.${kind}.${field}: invalid payload schema: ${message}`);
    this.name = 'PayloadSchemaError';
  }
}

/** Compiles one JSON Schema to a validator, or says why it cannot (pure). */
export function compilePayloadSchema(schema: unknown): Result<PayloadValidator, string> {
  try {
    // The schema is JSON (checked by the model schema); fromJSONSchema takes its own JSON Schema type.
    return ok(z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]));
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
}

const cache = new WeakMap<ModelDocument, CompiledPayloads>();

/**
 * Compiles every kind's `payload` and `productPayload` once per model (memoised on the model object);
 * throws `PayloadSchemaError` for a schema that does not compile, which a validated model never has.
 */
export function compilePayloadSchemas(model: ModelDocument): CompiledPayloads {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const compiled = new Map<string, Partial<Record<Act, PayloadValidator>>>();
  for (const [kindId, kind] of Object.entries(model.transactionKinds)) {
    const validators: Partial<Record<Act, PayloadValidator>> = {};
    const fields = [
      ['payload', 'request'],
      ['productPayload', 'execute'],
    ] as const;
    for (const [field, act] of fields) {
      const schema = kind[field];
      if (schema === undefined) continue;
      const result = compilePayloadSchema(schema);
      if (!result.ok) throw new PayloadSchemaError(kindId, field, result.error);
      validators[act] = result.value;
    }
    compiled.set(kindId, validators);
  }
  cache.set(model, compiled);
  return compiled;
}

/** Joins a zod issue path as a dotted path: `['lines', 0, 'qty']` → `lines.0.qty` (pure). */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'symbol' ? key.toString() : String(key))).join('.');
}

/** Turns zod issues into payload issues, one per unknown key (pure). */
export function payloadIssuesOf(issues: readonly z.core.$ZodIssue[]): PayloadIssue[] {
  return issues.flatMap((issue): PayloadIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: dottedPath([...issue.path, key]),
        message: `unknown property '${key}'`,
      }));
    }
    return [{ path: dottedPath(issue.path), message: plainMessage(issue.message) }];
  });
}

/** Drops zod's `Invalid input: ` prefix, which says nothing in a list of problems (pure). */
export function plainMessage(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

/**
 * Checks an act's payload against the kind's compiled schema: a request against `payload`, an
 * execute against `productPayload`; acts (and kinds) without a schema are unchecked. Returns the
 * issues, empty when the payload is valid; a path is empty for the payload as a whole (pure).
 */
export function validatePayload(
  compiled: CompiledPayloads,
  kindId: string,
  act: Act,
  payload: unknown,
): PayloadIssue[] {
  const validator = compiled.get(kindId)?.[act];
  if (validator === undefined) return [];
  const result = validator.safeParse(payload);
  return result.success ? [] : payloadIssuesOf(result.error.issues);
}
