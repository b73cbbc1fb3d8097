/**
 * Process Model links for the tests' little models, written as DEMO writes them:
 * `responseLink('TK01/promised', 'TK02/request', '1')` is `(TK01/promised) → [TK02/request]`, and
 * `waitLink('TK01/execute', 'TK02/accepted')` is `[TK01/execute] ⇢ (TK02/accepted)`.
 */
import type { Act } from './acts.ts';
import type { ActRef, Cardinality, FactRef, ResponseLink, WaitLink } from './process-links.ts';
import type { FactKind } from './transaction-pattern.ts';

/** A fact of a kind as `'TK01/promised'`. */
export type FactNotation<K extends string = string> = `${K}/${FactKind}`;

/** An act of a kind as `'TK02/request'`. */
export type ActNotation<K extends string = string> = `${K}/${Act}`;

function factRef<K extends string>(notation: FactNotation<K>): FactRef & { readonly kind: K } {
  const [kind, fact] = notation.split('/');
  return { kind: kind as K, fact: fact as FactKind };
}

function actRef<K extends string>(notation: ActNotation<K>): ActRef & { readonly kind: K } {
  const [kind, act] = notation.split('/');
  return { kind: kind as K, act: act as Act };
}

/** The response link from a fact to the act it calls for, with the cardinality if given (pure). */
export function responseLink<From extends string, To extends string>(
  from: FactNotation<From>,
  to: ActNotation<To>,
  cardinality?: Cardinality,
): ResponseLink & { readonly from: { readonly kind: From }; readonly to: { readonly kind: To } } {
  return {
    from: factRef(from),
    to: actRef(to),
    ...(cardinality === undefined ? {} : { cardinality }),
  };
}

/** The wait link that holds an act until a fact, with the cardinality if given (pure). */
export function waitLink<Waiting extends string, Awaited extends string>(
  act: ActNotation<Waiting>,
  waitsFor: FactNotation<Awaited>,
  cardinality?: Cardinality,
): WaitLink & {
  readonly act: { readonly kind: Waiting };
  readonly waitsFor: { readonly kind: Awaited };
} {
  return {
    act: actRef(act),
    waitsFor: factRef(waitsFor),
    ...(cardinality === undefined ? {} : { cardinality }),
  };
}
