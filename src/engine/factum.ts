/**
 * A running Factum: the engine (command side), the projections (query side) and the agents (action
 * rules), over one event store and one view store. The composition most applications start from.
 */
import type { ProtocolError, Result } from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { AgentRunner, type AgentOptions } from './agents/agent-runner.ts';
import { createEngine, newId, type Engine, type EngineOptions } from './engine.ts';
import { receiveIntoLedger } from './ledger-effects.ts';
import type { Lease, MonotonicClock } from './held-lease.ts';
import { LeaseSupervisor, type LeasedRunner, type LeaseStanding } from './lease-supervisor.ts';
import type { OutboxRelay } from './outbox/outbox-relay.ts';
import { soleProcessLeases, type Leases, type LeaseTable } from './ports/leases.ts';
import type { Performed } from './perform.ts';
import type { PerformInput } from './perform-input.ts';
import type { EventStore, RecordedEvent } from './ports/event-store.ts';
import type { ViewStore } from './ports/view-store.ts';
import { builtinProjection } from './views/builtin-projection.ts';
import { modelViewProjection } from './views/model-view-projection.ts';
import { observeEngine, observeStore, type FactumObserver } from './observer.ts';
import { traceEngine, traceStore } from './tracing.ts';
import { ProjectionRunner, type ProjectionStatus } from './views/projection-runner.ts';
import { ViewQueries } from './views/view-queries.ts';

/** The engine's model, store, clock and ids, and what runs around the engine. */
export interface FactumOptions extends Pick<EngineOptions, 'model' | 'store' | 'now' | 'newId'> {
  readonly views: ViewStore;
  /** Run the action rules (default true). */
  readonly agents?: boolean;
  readonly agentOptions?: AgentOptions;
  readonly batchSize?: number;
  /** Called after each batch a projection commits: live updates hook in here. */
  readonly onViewsCommitted?: (projection: string, events: readonly RecordedEvent[]) => void;
  readonly onError?: (source: string, error: unknown) => void;
  /**
   * Leases, when several processes share the database: each agent and view runner then runs in the
   * process holding its lease. Without, this process runs them all.
   */
  readonly leases?: Leases;
  /** How often leases are renewed and free ones tried (ms; default a fifth of the ttl, at most 1000). */
  readonly leaseIntervalMs?: number;
  /** The monotonic clock this process judges its leases by (default `performance.now`), for tests. */
  readonly leaseClock?: MonotonicClock;
  /** Called when this process starts or stops running an agent or view runner under its lease. */
  readonly onLeaseChange?: (runner: string, running: boolean) => void;
  /** An outbox relay publishing the facts to a broker, run under its lease; its status shows in health. */
  readonly outbox?: OutboxRelay;
  /** Told of every act, append and rule run (metrics, logs); see `FactumObserver`. */
  readonly observer?: FactumObserver;
  /**
   * Where the views and agents run when not in this thread (a worker thread following the same
   * log): they are started, stopped, settled and asked for their status through it, and this
   * Factum runs none of them itself.
   */
  readonly runners?: RunnersElsewhere;
  /**
   * Where the agent's acts are performed, when not by this Factum's engine: the thread that serves
   * the acts and appends them, so that one writer appends and group-commits them all.
   */
  readonly performElsewhere?: (input: PerformInput) => Promise<Result<Performed, ProtocolError>>;
}

/** The views and agents of a Factum, run by another thread or process over the same stores. */
export interface RunnersElsewhere {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the views and the agent there have processed the log up to now, repeatedly until quiet. */
  settle(): Promise<void>;
  status(): Promise<readonly ProjectionStatus[]>;
  /** The runners running there now, each under its lease. */
  running(): readonly string[];
  /** How it stands with those runners' leases, as far as it last told. */
  standings(): readonly LeaseStanding[];
}

/** A model running over a store: acts in, views out, rules in between. */
export interface Factum {
  readonly model: Model;
  readonly engine: Engine;
  readonly store: EventStore;
  readonly views: ViewStore;
  readonly queries: ViewQueries;
  readonly projections: readonly ProjectionRunner[];
  readonly agent: AgentRunner | undefined;
  /** The outbox relay, when the facts are published to a broker. */
  readonly outbox: OutboxRelay | undefined;
  /** The agents and view runners running in this process now (all of them without leases). */
  running(): readonly string[];
  /** The leases: this process's id, the ttl, how it stands with each runner's, and the whole table. */
  readonly leases: {
    readonly holder: string;
    readonly ttlMs: number;
    standings(): readonly LeaseStanding[];
    table(): Promise<LeaseTable>;
  };
  /** Performs an act (see `Engine.perform`). */
  perform(input: PerformInput): Promise<Result<Performed, ProtocolError>>;
  /** Adds to a ledger key's quantity on hand (e.g. stock received). */
  receive(ledger: string, key: string, amount: number, id?: string): Promise<void>;
  start(): Promise<void>;
  /** Resolves when every projection and the agent have processed the log up to now, repeatedly until quiet. */
  settle(): Promise<void>;
  status(): Promise<readonly ProjectionStatus[]>;
  stop(): Promise<void>;
}

/**
 * Creates a Factum for a model over an event store and a view store; call `start()` to run the
 * projections and agents.
 *
 * @example
 * const factum = createFactum({ model: shopModel, store: memoryEventStore(), views: memoryViewStore() });
 * await factum.start();
 * await factum.perform({ kind: 'TK01', act: 'request', performer: { actor: 'alice', role: 'CA01' },
 *   payload: shopModel.transactionKinds.TK01.example });
 */
export function createFactum(options: FactumOptions): Factum {
  const { model, views, observer } = options;
  const store = traceStore(
    observer === undefined ? options.store : observeStore(options.store, observer),
  );
  const queries = new ViewQueries(views);
  const bareEngine = createEngine({
    model,
    store,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.newId === undefined ? {} : { newId: options.newId }),
    readView: async (view, key) => (await views.get(view, key))?.row,
  });
  const engine = traceEngine(
    observer === undefined ? bareEngine : observeEngine(bareEngine, observer),
  );
  const runnerOptions = {
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.onViewsCommitted === undefined ? {} : { onCommit: options.onViewsCommitted }),
    onError: (projection: string, error: unknown) => options.onError?.(projection, error),
  };
  const projections = [
    builtinProjection(model),
    ...(model.views ?? []).map(modelViewProjection),
  ].map((projection) => new ProjectionRunner(store, views, projection, runnerOptions));
  const agentEngine: Engine =
    options.performElsewhere === undefined
      ? engine
      : { ...engine, perform: options.performElsewhere };
  const agent =
    options.agents === false || (model.actionRules ?? []).length === 0
      ? undefined
      : new AgentRunner(agentEngine, store, views, {
          ...options.agentOptions,
          ...(options.now === undefined ? {} : { now: options.now }),
          ...(observer?.ruleRan === undefined
            ? {}
            : { onRuleRun: observer.ruleRan.bind(observer) }),
          onError: (error) => options.onError?.('agent', error),
        });
  const elsewhere = options.runners;
  const leased: LeasedRunner[] = [
    ...(elsewhere !== undefined
      ? []
      : projections.map((runner) => ({
          name: runner.projection.name,
          start: (lease: Lease) => runner.start(lease),
          stop: () => runner.stop(),
        }))),
    ...(agent === undefined || elsewhere !== undefined ? [] : [agent]),
    ...(options.outbox === undefined ? [] : [options.outbox]),
  ];
  const leases = options.leases ?? soleProcessLeases();
  const supervisor = new LeaseSupervisor(leases, leased, {
    ...(options.leaseIntervalMs === undefined ? {} : { intervalMs: options.leaseIntervalMs }),
    ...(options.leaseClock === undefined ? {} : { clock: options.leaseClock }),
    ...(options.onLeaseChange === undefined ? {} : { onChange: options.onLeaseChange }),
    onError: (error) => options.onError?.('leases', error),
  });
  return {
    model,
    engine,
    store,
    views,
    queries,
    projections,
    agent,
    outbox: options.outbox,
    perform: (input) => engine.perform(input),
    async receive(ledger, key, amount, id) {
      await receiveIntoLedger(store, model.ledgers ?? [], {
        ledger,
        key,
        amount,
        id: id ?? (options.newId ?? newId)('received'),
      });
    },
    async start() {
      await supervisor.start();
      await elsewhere?.start();
    },
    async settle() {
      if (elsewhere !== undefined) return elsewhere.settle();
      // The agent's acts create facts that the projections and the agent itself must see in turn.
      for (let round = 0; round < 50; round += 1) {
        const before = await store.head();
        await Promise.all(projections.map((runner) => runner.caughtUp()));
        await agent?.caughtUp();
        if ((await store.head()) === before) {
          await Promise.all(projections.map((runner) => runner.caughtUp()));
          return;
        }
      }
    },
    status: () => elsewhere?.status() ?? Promise.all(projections.map((runner) => runner.status())),
    running: () => [...supervisor.running, ...(elsewhere?.running() ?? [])],
    leases: {
      holder: leases.holder,
      ttlMs: leases.ttlMs,
      standings: () => [...supervisor.standings(), ...(elsewhere?.standings() ?? [])],
      table: () => leases.table(),
    },
    async stop() {
      await elsewhere?.stop();
      await supervisor.stop();
    },
  };
}
