/**
 * @module factum/testing
 * Given / when / then specifications of a model, run in memory through the engine; they throw a
 * `SpecificationFailure` saying what differed, so they work under any test runner. The store
 * contract suites are in `factum/testing/contract`.
 */
export type {
  ExpectedFact,
  GivenLedgers,
  ModelSpec,
  SpecAct,
  SpecOptions,
  SpecOutcome,
  SpecWhen,
} from './model-spec.ts';
export { SpecificationFailure, specify } from './model-spec.ts';
