/**
 * What a running Factum reports as it works, for metrics, logs and traces: every act performed or
 * refused (by people over HTTP and by agents alike), every append to the store with the size of its
 * group commit, every action-rule run. The engine calls an observer at its edges only — around
 * `perform`, around the store's append, around a rule's run — so its core stays unaware of it.
 */
import type { Performer, ProtocolError, Result } from '../core/index.ts';
import type { Engine } from './engine.ts';
import type { Performed } from './perform.ts';
import type { PerformInput } from './perform-input.ts';
import type { EventStore } from './ports/event-store.ts';
import { storeWithAppends } from './store-with-appends.ts';

/** One act, performed (appended, or a duplicate of one appended before), refused, or failed. */
export interface ActReport {
  /** The transaction kind; `unknown` when the act names none the model has. */
  readonly kind: string;
  readonly act: string;
  readonly outcome: 'appended' | 'duplicate' | 'refused' | 'failed';
  /** The refusal's code (`ActNotAllowed`, …) or the thrown error's (`ConcurrencyError`, …). */
  readonly code?: string;
  readonly transactionId?: string;
  readonly performer: Performer;
  /** The business types of the facts appended. */
  readonly facts: readonly string[];
  readonly correlationId?: string;
  readonly seconds: number;
}

/** One append to the store: how many acts' appends it carried (its group commit) and how long it took. */
export interface AppendReport {
  readonly appends: number;
  readonly seconds: number;
  readonly failed: boolean;
}

/** One run of an action rule on a fact: done, failed (to be retried), or parked after its last attempt. */
export interface RuleRunReport {
  readonly rule: string;
  readonly outcome: 'done' | 'failed' | 'parked';
  readonly seconds: number;
}

/** Receives reports as Factum works; every method is optional, called synchronously, and must not throw. */
export interface FactumObserver {
  actPerformed?(report: ActReport): void;
  appended?(report: AppendReport): void;
  ruleRan?(report: RuleRunReport): void;
}

/** Several observers as one (pure). */
export function observers(...list: readonly (FactumObserver | undefined)[]): FactumObserver {
  const present = list.filter((observer) => observer !== undefined);
  return {
    actPerformed: (report) => present.forEach((observer) => observer.actPerformed?.(report)),
    appended: (report) => present.forEach((observer) => observer.appended?.(report)),
    ruleRan: (report) => present.forEach((observer) => observer.ruleRan?.(report)),
  };
}

/** Seconds since a `process.hrtime.bigint()` reading. */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function kindOf(
  engine: Engine,
  input: PerformInput,
  result: Result<Performed, ProtocolError> | undefined,
): Promise<string> {
  const named =
    input.kind ??
    (result?.ok === true ? result.value.facts[0]?.kind : undefined) ??
    (input.transactionId === undefined
      ? undefined
      : (await engine.reader.transaction(input.transactionId).catch(() => undefined))?.kind);
  return typeof named === 'string' && named in engine.model.transactionKinds ? named : 'unknown';
}

/** The engine with every act reported to the observer (the facts and refusals are unchanged). */
export function observeEngine(engine: Engine, observer: FactumObserver): Engine {
  const report = observer.actPerformed?.bind(observer);
  if (report === undefined) return engine;
  return {
    ...engine,
    async perform(input) {
      const start = process.hrtime.bigint();
      const base = { act: input.act, performer: input.performer };
      let result: Result<Performed, ProtocolError>;
      try {
        result = await engine.perform(input);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        report({
          ...base,
          kind: await kindOf(engine, input, undefined),
          outcome: 'failed',
          code: typeof code === 'string' ? code : 'Error',
          ...(input.transactionId === undefined ? {} : { transactionId: input.transactionId }),
          facts: [],
          seconds: secondsSince(start),
        });
        throw error;
      }
      const seconds = secondsSince(start);
      const kind = await kindOf(engine, input, result);
      if (result.ok)
        report({
          ...base,
          kind,
          outcome: result.value.duplicate ? 'duplicate' : 'appended',
          transactionId: result.value.transactionId,
          facts: result.value.facts.map((fact) => fact.type),
          ...(result.value.facts[0] === undefined
            ? {}
            : { correlationId: result.value.facts[0].correlationId }),
          seconds,
        });
      else
        report({
          ...base,
          kind,
          outcome: 'refused',
          code: result.error.code,
          ...(input.transactionId === undefined ? {} : { transactionId: input.transactionId }),
          facts: [],
          seconds,
        });
      return result;
    },
  };
}

/**
 * The store with every append timed and reported with the number of appends it carried; every other
 * member is the store's own (its pool, its database handle, …).
 */
export function observeStore<Store extends EventStore>(
  store: Store,
  observer: FactumObserver,
): Store {
  const report = observer.appended?.bind(observer);
  if (report === undefined) return store;
  const timed =
    <Args extends unknown[], Value>(
      appends: (args: Args) => number,
      run: (...args: Args) => Promise<Value>,
    ) =>
    async (...args: Args): Promise<Value> => {
      const start = process.hrtime.bigint();
      try {
        const value = await run(...args);
        report({ appends: appends(args), seconds: secondsSince(start), failed: false });
        return value;
      } catch (error) {
        report({ appends: appends(args), seconds: secondsSince(start), failed: true });
        throw error;
      }
    };
  const append = timed(() => 1, store.append.bind(store));
  const appendBatch =
    store.appendBatch === undefined
      ? undefined
      : timed(([requests]: [readonly unknown[]]) => requests.length, store.appendBatch.bind(store));
  return storeWithAppends(store, append, appendBatch);
}
