/** A value or a typed refusal: the return type of every pure decision in Factum. */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a value as a successful result (pure). */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps an error as a failed result (pure). */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
