import { describe, expect, it } from 'vitest';
import type { ProjectionStatus } from '../../engine/views/projection-runner.ts';
import { healthReport, type AgentStanding } from './health.ts';

const projection = (name: string, running: boolean, error?: string): ProjectionStatus => ({
  projection: name,
  position: 7n,
  head: 10n,
  lag: 3n,
  running,
  ...(error === undefined ? {} : { error }),
});
const agent = (running: boolean, position: bigint | null, error?: string): AgentStanding => ({
  agent: 'agent:rules',
  position,
  running,
  ...(error === undefined ? {} : { error }),
});
const report = (
  projections: ProjectionStatus[],
  agents: AgentStanding[],
  here = [...projections.map((p) => p.projection), ...agents.map((a) => a.agent)],
) => healthReport({ head: '10', headPosition: 10n, projections, agents, here, liveClients: 2 });

describe('the health report', () => {
  it('is ok when this process runs its projections and agent, with their positions and lag', () => {
    const health = report([projection('builtin', true)], [agent(true, 4n)]);
    expect(health.status).toBe('ok');
    expect(health.projections).toEqual([
      { projection: 'builtin', position: '7', head: '10', lag: '3', running: true },
    ]);
    expect(health.agents).toEqual([
      { agent: 'agent:rules', position: '4', lag: '6', running: true },
    ]);
    expect(health.liveClients).toBe(2);
  });

  it('is standby when every projection and agent runs in another process', () => {
    expect(report([projection('builtin', false)], [agent(false, 10n)], []).status).toBe('standby');
  });

  it('is degraded when a runner of this process fails, not when one elsewhere does', () => {
    expect(report([projection('builtin', true, 'store away')], [agent(true, 1n)]).status).toBe(
      'degraded',
    );
    expect(report([projection('builtin', true)], [agent(true, 1n, 'rule threw')]).status).toBe(
      'degraded',
    );
    expect(report([projection('builtin', false, 'old')], [agent(false, 1n)], []).status).toBe(
      'standby',
    );
    // Held here but its feed has stopped: not standby.
    expect(report([projection('builtin', false, 'stopped')], []).status).toBe('degraded');
  });

  it('counts an agent that has answered nothing as lagging the whole log', () => {
    expect(report([], [agent(true, null)]).agents[0]?.lag).toBe('10');
  });

  it('shows the outbox relay, degraded while it fails to publish and only where it runs', () => {
    const outbox = {
      name: 'outbox:nats',
      running: true,
      position: 6n,
      head: 10n,
      lag: 4n,
      published: 6,
      duplicates: 1,
      failures: 3,
      error: 'CONNECTION_REFUSED',
    };
    const input = {
      head: '10',
      headPosition: 10n,
      projections: [projection('builtin', true)],
      agents: [],
      outbox,
      liveClients: 0,
    };
    const failing = healthReport({ ...input, here: ['builtin', 'outbox:nats'] });
    expect(failing.status).toBe('degraded');
    expect(failing.outbox).toEqual({
      name: 'outbox:nats',
      position: '6',
      head: '10',
      lag: '4',
      running: true,
      published: 6,
      duplicates: 1,
      failures: 3,
      error: 'CONNECTION_REFUSED',
    });
    // Another process holds the relay's lease: its failures there are not this process's.
    expect(healthReport({ ...input, here: ['builtin'] }).status).toBe('ok');
  });
});
