/**
 * The engine: the model brought to life over an event store. Acts are commands (`perform`), facts
 * are events, and the action rules respond to facts as agents.
 */
import { randomFillSync } from 'node:crypto';
import type { ProtocolError, Result } from '../core/index.ts';
import type { FactReader } from '../model/action-rule.ts';
import type { Model } from '../model/model.ts';
import { actPlanModelOf } from './act-plan-model.ts';
import { GroupCommitter } from './group-commit.ts';
import { stampTrace } from './tracing.ts';
import { LedgerCache } from './ledger-cache.ts';
import { TransactionCache } from './transaction-cache.ts';
import { perform, type PerformContext, type Performed } from './perform.ts';
import { loadOutlook, type TransactionOutlook } from './process-outlook.ts';
import type { PerformInput } from './perform-input.ts';
import type { EventStore } from './ports/event-store.ts';
import { transactionReader, type ViewRowReader } from './transaction-reader.ts';

export interface EngineOptions {
  readonly model: Model;
  readonly store: EventStore;
  /** The clock; facts take their time from it. */
  readonly now?: () => Date;
  /** Id source for new transactions and acts. */
  readonly newId?: (prefix: string) => string;
  /** Reads view rows for rules that assess views. */
  readonly readView?: ViewRowReader;
  /** Append acts that arrive together in one store transaction (default true, where the store can). */
  readonly groupCommit?: boolean;
}

/** A running model: perform acts, read transactions. */
export interface Engine {
  readonly model: Model;
  readonly store: EventStore;
  /** Read-only access to the facts, as action rules see it. */
  readonly reader: FactReader;
  /** Performs an act: the appended facts and new state, or the typed refusal (nothing appended). */
  perform(input: PerformInput): Promise<Result<Performed, ProtocolError>>;
  /** What may happen to a transaction now: allowed acts marked waiting, child kinds that may start. */
  outlook(transactionId: string): Promise<TransactionOutlook>;
  /**
   * The kind of a transaction, undefined when there is none: from the state this process last
   * saw (a kind never changes) or else from the log's stream metadata.
   */
  kindOf(transactionId: string): Promise<string | undefined>;
}

// Randomness drawn a few kilobytes at a time: one call into the system's generator per act is slow.
const randomPool = Buffer.alloc(6 * 1024);
let randomOffset = randomPool.length;

/** A new id: the prefix, the time and 48 random bits, sortable by creation time. */
export function newId(prefix: string): string {
  if (randomOffset + 6 > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const random = randomPool.toString('hex', randomOffset, randomOffset + 6);
  randomOffset += 6;
  return `${prefix}-${Date.now().toString(36)}${random}`;
}

/**
 * Creates an engine for a model over a store.
 *
 * @example
 * const engine = createEngine({ model, store: memoryEventStore() });
 * const result = await engine.perform({ kind: 'TK01', act: 'request',
 *   performer: { actor: 'alice', role: 'CA01' }, payload: model.transactionKinds.TK01.example });
 */
export function createEngine(options: EngineOptions): Engine {
  const { model, store } = options;
  // Compiles the payload schemas now: a schema that cannot compile fails here, not at the first act.
  actPlanModelOf(model);
  const cache = new TransactionCache(store);
  const ledgers = new LedgerCache(store);
  const committer = options.groupCommit === false ? undefined : new GroupCommitter(store);
  const reader = transactionReader(
    store,
    options.readView ?? (() => Promise.resolve(undefined)),
    (id) => cache.load(id),
    (name, key) => ledgers.read(name, key),
  );
  const context: PerformContext = {
    model,
    store,
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? newId,
    load: (id) => cache.load(id),
    lastSeen: (id) => cache.lastSeen(id),
    readLedger: (name, key) => ledgers.read(name, key),
    remember: (id, loaded) => cache.remember(id, loaded),
    ...(committer === undefined
      ? {}
      : { append: (parts, appendOptions) => committer.append(stampTrace(parts), appendOptions) }),
  };
  return {
    model,
    store,
    reader,
    perform: (input) => perform(context, input),
    kindOf: async (id) => {
      const seen = cache.lastSeen(id)?.state.kind;
      if (typeof seen === 'string') return seen;
      const kind = (await store.stream(id))?.metadata.kind;
      return typeof kind === 'string' ? kind : undefined;
    },
    outlook: (id) =>
      loadOutlook(
        model,
        { store, load: (tx) => cache.load(tx), readLedger: (name, key) => ledgers.read(name, key) },
        id,
      ),
  };
}
