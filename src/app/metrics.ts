/**
 * Prometheus metrics of a running Factum (prom-client): acts performed and refused by kind, act and
 * code; append latency and group-commit size; each projection's and agent's position and lag; rule
 * runs and parked work; the outbox relay's lag, publishes, repeats and failures; live clients; the
 * store's connection pool; and Node's process metrics.
 * Counters and histograms are fed by a `FactumObserver`; positions and gauges are read when scraped.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Factum } from '../engine/factum.ts';
import type { FactumObserver } from '../engine/observer.ts';
import { headPosition } from '../engine/views/projection-runner.ts';
import { parseAct } from '../core/index.ts';
import type { Model } from '../model/model.ts';

/** What the gauges read when scraped, once the Factum they describe is running. */
export interface MetricsSources {
  readonly factum: Factum;
  /** The number of live (SSE) clients connected now. */
  readonly liveClients?: () => number;
  /** The store's connection pool, when it has one (PostgreSQL). */
  readonly pool?: {
    readonly totalCount: number;
    readonly idleCount: number;
    readonly waitingCount: number;
  };
}

/** A registry of Factum's metrics and the observer that feeds it. */
export interface FactumMetrics {
  readonly registry: Registry;
  /** Pass to `createFactum({ observer })`. */
  readonly observer: FactumObserver;
  /** Reads the gauges from these sources at each scrape. */
  watch(sources: MetricsSources): void;
  /** Counts an event from another system taken by the inbox, by its type and what came of it. */
  inboundReceived(type: string | undefined, outcome: string): void;
  /** The Prometheus text exposition: its content type and body. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Creates the metrics for a model (impure: registers Node's process metrics on its own registry). */
export function createMetrics(model: Model): FactumMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const kinds = new Set(Object.keys(model.transactionKinds));
  // Labels come from the model and the closed set of acts: a hostile request cannot mint new series.
  const kindLabel = (kind: string): string => (kinds.has(kind) ? kind : 'unknown');
  const actLabel = (act: string): string => parseAct(act) ?? 'unknown';

  // Every metric registers on this registry alone; one without label names is a single series.
  const counter = <L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Counter<L> => new Counter<L>({ name, help, labelNames, registers: [registry] });
  const gauge = <L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Gauge<L> => new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string = never>(
    name: string,
    help: string,
    buckets: number[],
    labelNames: readonly L[] = [],
  ): Histogram<L> => new Histogram<L>({ name, help, buckets, labelNames, registers: [registry] });
  /** A gauge read when scraped: set to what `read` answers, left alone when it answers nothing. */
  const readGauge = (
    name: string,
    help: string,
    read: () => Promise<number | undefined> | number | undefined,
  ): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const value = await read();
        if (value !== undefined) this.set(value);
      },
    });
  };

  const actLabels = ['kind', 'act'] as const;
  const refusalLabels = ['kind', 'act', 'code'] as const;
  const performed = counter(
    'factum_acts_performed_total',
    'Acts performed (their facts appended), by transaction kind and act.',
    actLabels,
  );
  const refused = counter(
    'factum_acts_refused_total',
    'Acts refused by the transaction pattern or the model, by kind, act and refusal code.',
    refusalLabels,
  );
  const failed = counter(
    'factum_acts_failed_total',
    'Acts that failed with an error (store unavailable, conflict), by kind, act and code.',
    refusalLabels,
  );
  const duplicates = counter(
    'factum_acts_duplicate_total',
    'Acts sent again with a known act id: the original outcome returned, nothing appended.',
    actLabels,
  );
  const actSeconds = histogram(
    'factum_act_duration_seconds',
    'Time to perform an act: load, decide, append.',
    latencyBuckets,
    ['outcome'],
  );
  const appendSeconds = histogram(
    'factum_append_duration_seconds',
    'Time of one append to the event store (one store transaction).',
    latencyBuckets,
  );
  const batchSize = histogram(
    'factum_append_batch_size',
    "Acts' appends carried by one store transaction (group commit).",
    [1, 2, 4, 8, 16, 32, 64, 128, 256],
  );
  const appendFailures = counter(
    'factum_append_failures_total',
    'Appends to the event store that failed.',
  );
  const ruleRuns = counter(
    'factum_agent_rule_runs_total',
    'Action-rule runs, by rule and outcome (done, failed and retried, parked).',
    ['rule', 'outcome'],
  );

  let sources: MetricsSources | undefined;
  const head = async (): Promise<bigint | null> =>
    sources === undefined ? null : headPosition(sources.factum.store);
  readGauge(
    'factum_log_head_position',
    "The global position of the log's last event.",
    async () => {
      const position = await head();
      return position === null ? undefined : Number(position);
    },
  );
  const runnerLabels = ['runner'] as const;
  const position = gauge(
    'factum_projection_position',
    'The last position each projection has applied.',
    runnerLabels,
  );
  const lag = gauge(
    'factum_projection_lag_events',
    'Events in the log a projection has not applied yet.',
    runnerLabels,
  );
  const agentPosition = gauge(
    'factum_agent_position',
    'The last position the agent has answered.',
    runnerLabels,
  );
  const agentLag = gauge(
    'factum_agent_lag_events',
    'Facts the agent has not answered yet.',
    runnerLabels,
  );
  const running = gauge(
    'factum_runner_running',
    'Whether this process runs the projection or agent (1) or leaves it to another (0).',
    runnerLabels,
  );
  readGauge(
    'factum_agent_parked_rules',
    'Rule runs that failed every attempt and wait for an operator (factum parked).',
    async () => {
      const agent = sources?.factum.agent;
      return agent === undefined ? undefined : (await agent.parked()).length;
    },
  );
  readGauge('factum_live_clients', 'Live (Server-Sent Events) clients connected.', () =>
    sources?.liveClients?.(),
  );
  new Gauge({
    name: 'factum_store_pool_connections',
    help: "The store's connection pool: total, idle, and callers waiting for a connection.",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources?.pool;
      if (pool === undefined) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  const outboxPosition = gauge(
    'factum_outbox_position',
    'The last position the outbox relay has published to the broker.',
    runnerLabels,
  );
  const outboxLag = gauge(
    'factum_outbox_lag_events',
    'Events in the log the outbox relay has not published yet.',
    runnerLabels,
  );
  const outboxFailing = gauge(
    'factum_outbox_failing',
    'Whether the outbox relay failed its last publish attempt (1) or not (0).',
    runnerLabels,
  );
  // The relay counts since the process started; the counters follow it by the difference.
  const outboxPublished = counter(
    'factum_outbox_published_total',
    'Messages the outbox relay published (repeats after a crash or outage included).',
    runnerLabels,
  );
  const outboxDuplicates = counter(
    'factum_outbox_duplicates_total',
    'Published messages the broker already had and dropped by message id (the fact id).',
    runnerLabels,
  );
  const outboxFailures = counter(
    'factum_outbox_publish_failures_total',
    'Publish attempts of the outbox relay that failed (broker away, timeout); each is retried.',
    runnerLabels,
  );
  const seen = { published: 0, duplicates: 0, failures: 0 };
  const readOutbox = async (): Promise<void> => {
    const relay = sources?.factum.outbox;
    if (relay === undefined) return;
    const status = await relay.status();
    const labels = { runner: status.name };
    if (status.position !== null) outboxPosition.set(labels, Number(status.position));
    outboxLag.set(labels, Number(status.lag));
    outboxFailing.set(labels, status.error === undefined ? 0 : 1);
    outboxPublished.inc(labels, status.published - seen.published);
    outboxDuplicates.inc(labels, status.duplicates - seen.duplicates);
    outboxFailures.inc(labels, status.failures - seen.failures);
    seen.published = status.published;
    seen.duplicates = status.duplicates;
    seen.failures = status.failures;
    running.set(labels, new Set(sources?.factum.running()).has(status.name) ? 1 : 0);
  };
  // Positions are read once per scrape and shared by the gauges of that scrape.
  const readPositions = async (): Promise<void> => {
    if (sources === undefined) return;
    const { factum } = sources;
    const [statuses, last] = await Promise.all([factum.status(), head()]);
    const here = new Set(factum.running());
    for (const status of statuses) {
      const labels = { runner: status.projection };
      if (status.position !== null) position.set(labels, Number(status.position));
      lag.set(labels, Number(status.lag));
      running.set(labels, here.has(status.projection) ? 1 : 0);
    }
    const agent = factum.agent;
    if (agent !== undefined) {
      const labels = { runner: agent.name };
      const checkpoint = await factum.views.checkpoint(agent.name);
      const at = checkpoint?.position ?? 0n;
      agentPosition.set(labels, Number(at));
      agentLag.set(labels, last === null || last < at ? 0 : Number(last - at));
      running.set(labels, here.has(agent.name) ? 1 : 0);
    }
  };

  const observer: FactumObserver = {
    actPerformed(report) {
      const labels = { kind: kindLabel(report.kind), act: actLabel(report.act) };
      actSeconds.observe({ outcome: report.outcome }, report.seconds);
      if (report.outcome === 'appended') performed.inc(labels);
      else if (report.outcome === 'duplicate') duplicates.inc(labels);
      else if (report.outcome === 'refused') refused.inc({ ...labels, code: report.code ?? '' });
      else failed.inc({ ...labels, code: report.code ?? '' });
    },
    appended(report) {
      appendSeconds.observe(report.seconds);
      batchSize.observe(report.appends);
      if (report.failed) appendFailures.inc();
    },
    ruleRan(report) {
      ruleRuns.inc({ rule: report.rule, outcome: report.outcome });
    },
  };

  const inboundTypes = new Set((model.inbound ?? []).map((mapping) => mapping.type));
  const inbound = counter(
    'factum_inbound_events_total',
    'Events from other systems the inbox took, by CloudEvents type (other: unmapped, none: no CloudEvent) and outcome (performed, unmapped, refused, parked).',
    ['type', 'outcome'],
  );
  return {
    registry,
    observer,
    watch(watched) {
      sources = watched;
    },
    inboundReceived(type, outcome) {
      const label = type === undefined ? 'none' : inboundTypes.has(type) ? type : 'other';
      inbound.inc({ type: label, outcome });
    },
    async render() {
      await readPositions().catch(() => undefined);
      await readOutbox().catch(() => undefined);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
