/**
 * Runs a model's views, agents and live-feed framing on a worker thread (`runners-worker.ts`), so
 * that the server's event loop only decides, appends and answers. The worker follows the same log
 * through its own connections; this side performs the acts the agents ask for, wakes the worker
 * after each append, and hands the frames it built to the live hub, which writes them out.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-entry.ts';
import type { ProtocolError, Result } from '../core/index.ts';
import type { RunnersElsewhere } from '../engine/factum.ts';
import type { RuleRunReport } from '../engine/observer.ts';
import type { PerformInput } from '../engine/perform-input.ts';
import type { Performed } from '../engine/perform.ts';
import type { ProjectionStatus } from '../engine/views/projection-runner.ts';
import type { LiveHub } from '../http/sse-hub.ts';
import { errorData, storeErrorFrom } from '../engine/ports/store-error-data.ts';
import { type FromRunners, type RunnersWorkerData, type ToRunners } from './runners-messages.ts';

/** What the worker needs and whom it reports to. */
export interface RunnersThreadOptions extends RunnersWorkerData {
  /** The live hub (made with `pushed: true`) that sends the worker's frames to the clients. */
  readonly hub: LiveHub;
  /** Performs an agent's act on this thread (the server's engine, which appends). */
  readonly perform: (input: PerformInput) => Promise<Result<Performed, ProtocolError>>;
  readonly onRuleRun?: (report: RuleRunReport) => void;
  readonly onError?: (source: string, error: Error) => void;
}

/** The views and agents on their thread; `appended()` tells it that this thread appended. */
export interface RunnersThread extends RunnersElsewhere {
  appended(): void;
}

/** Creates (not yet starts) the runners' thread (impure). */
export function runnersThread(options: RunnersThreadOptions): RunnersThread {
  // The worker gets the options less what stays on this thread (the hub and the callbacks).
  const { hub, perform, onRuleRun, onError, ...data } = options;
  let worker: Worker | undefined;
  let launching: Promise<void> | undefined;
  let running: readonly string[] = [];
  let stopping = false;
  let nextId = 0;
  const replies = new Map<
    number,
    {
      resolve: (status: readonly ProjectionStatus[] | undefined) => void;
      reject: (e: Error) => void;
    }
  >();

  const send = (message: ToRunners): void => worker?.postMessage(message);
  const ask = (
    type: 'settle' | 'status' | 'stop',
  ): Promise<readonly ProjectionStatus[] | undefined> =>
    new Promise((resolve, reject) => {
      if (worker === undefined) {
        reject(new Error('The views and agents are not running.'));
        return;
      }
      const id = (nextId += 1);
      replies.set(id, { resolve, reject });
      send({ type, id });
    });

  const onMessage = (message: FromRunners): void => {
    switch (message.type) {
      case 'live':
        hub.publish(message.entries, message.last);
        return;
      case 'views':
        hub.viewsCommit(message.commit);
        return;
      case 'perform': {
        const { id } = message;
        perform(message.input).then(
          (result) => send({ type: 'performed', id, result }),
          (error: unknown) => send({ type: 'performed', id, error: errorData(error) }),
        );
        return;
      }
      case 'running':
        running = message.names;
        return;
      case 'ruleRan':
        onRuleRun?.(message.report);
        return;
      case 'error':
        onError?.(message.source, storeErrorFrom(message.error));
        return;
      case 'reply': {
        const waiting = replies.get(message.id);
        replies.delete(message.id);
        if (message.error !== undefined) waiting?.reject(storeErrorFrom(message.error));
        else waiting?.resolve(message.status);
        return;
      }
      case 'started':
      case 'failed':
        return;
    }
  };

  const launch = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const thread = startWorker(import.meta.url, 'runners-worker', { workerData: data });
      worker = thread;
      let started = false;
      thread.on('message', (message: FromRunners) => {
        if (message.type === 'started') {
          started = true;
          resolve();
        } else if (message.type === 'failed') reject(storeErrorFrom(message.error));
        else onMessage(message);
      });
      thread.on('error', (error) => {
        if (!started) reject(error);
        else onError?.('runners', error);
      });
      thread.on('exit', (code) => {
        if (worker === thread) worker = undefined;
        running = [];
        for (const waiting of replies.values())
          waiting.reject(new Error('The views and agents thread ended.'));
        replies.clear();
        if (!started) reject(new Error(`The views and agents thread ended at start (${code}).`));
        else if (!stopping) {
          // A crashed thread is started again; its runners resume from their checkpoints.
          onError?.(
            'runners',
            new Error(`The views and agents thread ended (${code}); restarting.`),
          );
          setTimeout(() => {
            if (!stopping) launch().catch((error: unknown) => onError?.('runners', error as Error));
          }, 1000).unref();
        }
      });
    });

  return {
    start() {
      stopping = false;
      // Started once: a caller may begin the start early and await it again later.
      if (worker === undefined || launching === undefined) launching = launch();
      return launching;
    },
    async stop() {
      stopping = true;
      const thread = worker;
      if (thread === undefined) return;
      try {
        await ask('stop');
      } finally {
        await thread.terminate();
      }
    },
    async settle() {
      await ask('settle');
    },
    async status() {
      return (await ask('status')) ?? [];
    },
    running: () => running,
    standings: () => running.map((name) => ({ name, held: true })),
    appended() {
      // At once, once per group commit: the live feed's latency is this message's.
      send({ type: 'appended' });
    },
  };
}
