/**
 * The messages between the server's thread and the worker thread that runs the views and agents:
 * plain data only (structured clone), so both sides agree on one closed union each way.
 */
import type { ProtocolError, Result } from '../core/index.ts';
import type { AgentOptions } from '../engine/agents/agent-runner.ts';
import type { RuleRunReport } from '../engine/observer.ts';
import type { Checkpoint } from '../engine/ports/event-store.ts';
import type { PerformInput } from '../engine/perform-input.ts';
import type { Performed } from '../engine/perform.ts';
import type { ProjectionStatus } from '../engine/views/projection-runner.ts';
import type { LiveEntry, LiveViewsCommit } from '../http/live-entries.ts';
import type { ErrorData } from '../engine/ports/store-error-data.ts';

/** What the worker starts from. */
export interface RunnersWorkerData {
  /** The model's file, loaded by the worker as the server loaded it. */
  readonly modelFile: string;
  readonly storeUrl: string;
  /**
   * The agent's acts are performed by the server's thread (one writer, one group commit for all)
   * rather than by the worker's own engine through its own connections.
   */
  readonly actsOnServer: boolean;
  readonly agentOptions?: Omit<AgentOptions, 'onError' | 'onRuleRun' | 'now'>;
  readonly leaseIntervalMs?: number;
  readonly leaseTtlMs?: number;
  /** Run the model's action rules (see `ServeOptions.rules`). */
  readonly agents: boolean;
}

/** From the server's thread to the worker. */
export type ToRunners =
  | { readonly type: 'appended' }
  | { readonly type: 'settle'; readonly id: number }
  | { readonly type: 'status'; readonly id: number }
  | { readonly type: 'stop'; readonly id: number }
  | {
      readonly type: 'performed';
      readonly id: number;
      readonly result?: Result<Performed, ProtocolError>;
      readonly error?: ErrorData;
    };

/** From the worker to the server's thread. */
export type FromRunners =
  | { readonly type: 'started' }
  | { readonly type: 'failed'; readonly error: ErrorData }
  | { readonly type: 'live'; readonly entries: readonly LiveEntry[]; readonly last: Checkpoint }
  | { readonly type: 'views'; readonly commit: LiveViewsCommit }
  | { readonly type: 'perform'; readonly id: number; readonly input: PerformInput }
  | { readonly type: 'running'; readonly names: readonly string[] }
  | { readonly type: 'ruleRan'; readonly report: RuleRunReport }
  | { readonly type: 'error'; readonly source: string; readonly error: ErrorData }
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly status?: readonly ProjectionStatus[];
      readonly error?: ErrorData;
    };
