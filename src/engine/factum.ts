/**
 * A running Factum: the engine (command side), the projections (query side) and the agents (action
 * rules), over one event store and one view store. The composition most applications start from.
 */
import type { ProtocolError, Result } from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { AgentRunner, type AgentOptions } from './agents/agent-runner.ts';
import { createEngine, newId, type Engine } from './engine.ts';
import { receiveIntoLedger } from './ledger-effects.ts';
import { LeaseSupervisor, type LeasedRunner } from './lease-supervisor.ts';
import { soleProcessLeases, type Leases } from './ports/leases.ts';
import type { Performed } from './perform.ts';
import type { PerformInput } from './perform-input.ts';
import type { EventStore, RecordedEvent } from './ports/event-store.ts';
import type { ViewStore } from './ports/view-store.ts';
import { builtinProjection } from './views/builtin-projection.ts';
import { modelViewProjection } from './views/model-view-projection.ts';
import { ProjectionRunner, type ProjectionStatus } from './views/projection-runner.ts';
import { ViewQueries } from './views/view-queries.ts';

export interface FactumOptions {
  readonly model: Model;
  readonly store: EventStore;
  readonly views: ViewStore;
  readonly now?: () => Date;
  readonly newId?: (prefix: string) => string;
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
  /** How often leases are taken or renewed (ms, default 1000). */
  readonly leaseIntervalMs?: number;
  /** Called when this process starts or stops running an agent or view runner under its lease. */
  readonly onLeaseChange?: (runner: string, running: boolean) => void;
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
  /** The agents and view runners running in this process now (all of them without leases). */
  running(): readonly string[];
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
  const { model, store, views } = options;
  const queries = new ViewQueries(views, store);
  const engine = createEngine({
    model,
    store,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.newId === undefined ? {} : { newId: options.newId }),
    readView: async (view, key) => (await views.get(view, key))?.row,
  });
  const runnerOptions = {
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.onViewsCommitted === undefined ? {} : { onCommit: options.onViewsCommitted }),
    onError: (projection: string, error: unknown) => options.onError?.(projection, error),
  };
  const projections = [
    builtinProjection(model),
    ...(model.views ?? []).map(modelViewProjection),
  ].map((projection) => new ProjectionRunner(store, views, projection, runnerOptions));
  const agent =
    options.agents === false || (model.actionRules ?? []).length === 0
      ? undefined
      : new AgentRunner(engine, store, views, {
          ...options.agentOptions,
          ...(options.now === undefined ? {} : { now: options.now }),
          onError: (error) => options.onError?.('agent', error),
        });
  const leased: LeasedRunner[] = [
    ...projections.map((runner) => ({
      name: runner.projection.name,
      start: () => runner.start(),
      stop: () => runner.stop(),
    })),
    ...(agent === undefined ? [] : [agent]),
  ];
  const supervisor = new LeaseSupervisor(
    options.leases ?? soleProcessLeases(),
    leased,
    options.leaseIntervalMs ?? 1000,
    options.onLeaseChange,
    (error) => options.onError?.('leases', error),
  );
  return {
    model,
    engine,
    store,
    views,
    queries,
    projections,
    agent,
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
    },
    async settle() {
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
    status: () => Promise.all(projections.map((runner) => runner.status())),
    running: () => supervisor.running,
    async stop() {
      await supervisor.stop();
    },
  };
}
