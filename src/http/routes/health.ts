/**
 * `GET /api/health`: whether this process is serving and what it runs. Each projection and the
 * agent (and the outbox relay, when facts are published) report their position and lag; a process
 * whose projections and agents all run in another process (under their leases) is `standby`, not
 * `degraded` — it still serves acts and queries. The leases show who holds what, standbys, lease
 * ages and the time since each lease's last renewal.
 */
import type { FastifyInstance } from 'fastify';
import type { Factum } from '../../engine/factum.ts';
import type { OutboxStatus } from '../../engine/outbox/outbox-relay.ts';
import type { ProjectionStatus } from '../../engine/views/projection-runner.ts';
import type { HttpContext } from '../context.ts';
import { leasesHealth, type LeasesHealth } from './lease-health.ts';
import { type OpenApiPaths, json, operation, problemResponse } from '../openapi-parts.ts';

/** One projection or agent as the health report shows it. */
export interface RunnerHealth {
  readonly position: string | null;
  readonly lag: string;
  /** Whether it runs in this process now (false: another process holds its lease, or it stopped). */
  readonly running: boolean;
  readonly error?: string;
}

/** The health report. */
export interface HealthReport {
  /**
   * `ok`: this process runs some projections or agents and none is failing; `standby`: it runs
   * none (another process does); `degraded`: one it runs is failing.
   */
  readonly status: 'ok' | 'standby' | 'degraded';
  readonly head: string | null;
  readonly projections: readonly (RunnerHealth & {
    readonly projection: string;
    readonly head: string | null;
  })[];
  readonly agents: readonly (RunnerHealth & { readonly agent: string })[];
  /** The outbox relay publishing the facts to a broker, when configured. */
  readonly outbox?: RunnerHealth & {
    readonly name: string;
    readonly head: string | null;
    /** Messages published by this process since it started (repeats included). */
    readonly published: number;
    /** Of those, repeats the broker dropped by message id. */
    readonly duplicates: number;
    /** Failed publish attempts by this process since it started. */
    readonly failures: number;
  };
  /** Who holds each lease, who stands by, lease ages and times since renewal. */
  readonly leases?: LeasesHealth;
  readonly liveClients: number;
}

/** An agent's standing: its name, where it has answered up to, and its error if failing. */
export interface AgentStanding {
  readonly agent: string;
  readonly position: bigint | null;
  readonly running: boolean;
  readonly error?: string;
}

function lagOf(head: bigint | null, position: bigint | null): bigint {
  if (head === null) return 0n;
  const lag = head - (position ?? 0n);
  return lag < 0n ? 0n : lag;
}

/** The health report from the runners' standing (pure). */
export function healthReport(input: {
  readonly head: string | null;
  readonly headPosition: bigint | null;
  readonly projections: readonly ProjectionStatus[];
  readonly agents: readonly AgentStanding[];
  readonly outbox?: OutboxStatus;
  /** The projections and agents this process holds (their leases); without leases, all of them. */
  readonly here: readonly string[];
  readonly leases?: LeasesHealth;
  readonly liveClients: number;
}): HealthReport {
  const here = new Set(input.here);
  const runners = [
    ...input.projections.map((p) => ({ name: p.projection, running: p.running, error: p.error })),
    ...input.agents.map((a) => ({ name: a.agent, running: a.running, error: a.error })),
    ...(input.outbox === undefined ? [] : [input.outbox]),
  ].filter((runner) => here.has(runner.name));
  // A runner this process holds whose feed stopped, or that keeps failing, is what needs looking at.
  const failing = runners.some((runner) => !runner.running || runner.error !== undefined);
  const runsAny = runners.length > 0;
  const total = input.projections.length + input.agents.length;
  return {
    status: failing ? 'degraded' : runsAny || total === 0 ? 'ok' : 'standby',
    head: input.head,
    projections: input.projections.map((p) => ({
      projection: p.projection,
      position: p.position?.toString() ?? null,
      head: p.head?.toString() ?? null,
      lag: p.lag.toString(),
      running: here.has(p.projection) && p.running,
      ...(p.error === undefined ? {} : { error: p.error }),
    })),
    agents: input.agents.map((a) => ({
      agent: a.agent,
      position: a.position?.toString() ?? null,
      lag: lagOf(input.headPosition, a.position).toString(),
      running: here.has(a.agent) && a.running,
      ...(a.error === undefined ? {} : { error: a.error }),
    })),
    ...(input.outbox === undefined ? {} : { outbox: outboxHealth(input.outbox, here) }),
    ...(input.leases === undefined ? {} : { leases: input.leases }),
    liveClients: input.liveClients,
  };
}

function outboxHealth(
  outbox: OutboxStatus,
  here: ReadonlySet<string>,
): NonNullable<HealthReport['outbox']> {
  return {
    name: outbox.name,
    position: outbox.position?.toString() ?? null,
    head: outbox.head?.toString() ?? null,
    lag: outbox.lag.toString(),
    running: here.has(outbox.name) && outbox.running,
    published: outbox.published,
    duplicates: outbox.duplicates,
    failures: outbox.failures,
    ...(outbox.error === undefined ? {} : { error: outbox.error }),
  };
}

/** The agent's standing, read from its checkpoint (impure). */
export async function agentStanding(factum: Factum): Promise<readonly AgentStanding[]> {
  const agent = factum.agent;
  if (agent === undefined) return [];
  const checkpoint = await factum.views.checkpoint(agent.name);
  return [
    {
      agent: agent.name,
      position: checkpoint?.position ?? null,
      running: factum.running().includes(agent.name),
    },
  ];
}

function positionOf(head: string | undefined): bigint | null {
  const last = head?.split(':').at(-1);
  return last !== undefined && /^\d+$/.test(last) ? BigInt(last) : null;
}

/** Registers `GET /api/health` (no token needed: load balancers and orchestrators call it). */
export function registerHealthRoute(app: FastifyInstance, context: HttpContext): void {
  const { factum } = context;
  app.get('/api/health', async (_request, reply) => {
    const [head, projections, agents, outbox, table] = await Promise.all([
      factum.store.head(),
      factum.status(),
      agentStanding(factum),
      factum.outbox?.status(),
      factum.leases.table().catch((error: unknown) => ({
        error: error instanceof Error ? error.message : String(error),
      })),
    ]);
    reply.header('cache-control', 'no-store');
    return healthReport({
      head: head ?? null,
      headPosition: positionOf(head),
      projections,
      agents,
      ...(outbox === undefined ? {} : { outbox }),
      here: factum.running(),
      leases: leasesHealth(factum.leases.holder, factum.leases.ttlMs, table),
      liveClients: context.hub.size,
    });
  });
}

/** The OpenAPI path of the health check (pure). */
export function healthPaths(): OpenApiPaths {
  return {
    '/api/health': {
      get: operation('queries', 'Liveness and the projections’ lag', {
        responses: {
          '200': json({ type: 'object' }),
          '503': problemResponse('The store is unavailable.'),
        },
      }),
    },
  };
}
