/**
 * The worker thread that runs a model's views and agents beside the server: it loads the same model
 * file, opens the same stores, takes the runners' leases through the same `LeaseSupervisor` as a
 * server would, commits the views, runs the action rules — whose acts it hands to the server's
 * thread to perform, so that one writer appends them all — and builds the live feed's frames. The
 * server's thread is left to decide, append and answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PerformInput } from '../engine/perform-input.ts';
import { createFactum, type Factum } from '../engine/factum.ts';
import type { Subscription } from '../engine/ports/event-store.ts';
import { errorData, storeErrorFrom } from '../engine/ports/store-error-data.ts';
import { liveEntryOf, liveViewsCommitOf, type LiveEntry } from '../http/live-entries.ts';
import { ownerResolver } from '../http/owners.ts';
import { loadModel } from '../model/load-model.ts';
import { openStores, type OpenStores } from './open-stores.ts';
import { type FromRunners, type RunnersWorkerData, type ToRunners } from './runners-messages.ts';
import type { Performed } from '../engine/perform.ts';
import type { ProtocolError, Result } from '../core/index.ts';

const port = parentPort;
if (port === null) throw new Error('runners-worker.ts runs as a worker thread only.');
const data = workerData as RunnersWorkerData;
const post = (message: FromRunners): void => port.postMessage(message);

const performing = new Map<
  number,
  {
    resolve: (result: Result<Performed, ProtocolError>) => void;
    reject: (error: Error) => void;
  }
>();
let nextId = 0;
function performElsewhere(input: PerformInput): Promise<Result<Performed, ProtocolError>> {
  const id = (nextId += 1);
  return new Promise((resolve, reject) => {
    performing.set(id, { resolve, reject });
    post({ type: 'perform', id, input });
  });
}

let stores: OpenStores | undefined;
let factum: Factum | undefined;
let live: Subscription | undefined;

async function start(): Promise<void> {
  const loaded = await loadModel(data.modelFile);
  if (!loaded.ok) {
    throw new Error(
      `The model file '${data.modelFile}' does not load: ${loaded.error.map((problem) => problem.message).join('; ')}`,
    );
  }
  const model = loaded.value;
  stores = await openStores(
    data.storeUrl,
    data.leaseTtlMs === undefined ? {} : { leaseTtlMs: data.leaseTtlMs },
  );
  const owners = ownerResolver(stores.store);
  let running: readonly string[] = [];
  factum = createFactum({
    model,
    store: stores.store,
    views: stores.views,
    leases: stores.leases,
    agents: data.agents,
    ...(data.actsOnServer ? { performElsewhere } : {}),
    ...(data.agentOptions === undefined ? {} : { agentOptions: data.agentOptions }),
    ...(data.leaseIntervalMs === undefined ? {} : { leaseIntervalMs: data.leaseIntervalMs }),
    observer: { ruleRan: (report) => post({ type: 'ruleRan', report }) },
    onViewsCommitted: (projection, events) => {
      void liveViewsCommitOf(projection, events, owners).then(
        (commit) => {
          if (commit !== undefined) post({ type: 'views', commit });
        },
        (error: unknown) => post({ type: 'error', source: 'live', error: errorData(error) }),
      );
    },
    onError: (source, error) => post({ type: 'error', source, error: errorData(error) }),
    onLeaseChange: () => {
      const now = factum?.running() ?? running;
      if (now.join() !== running.join()) post({ type: 'running', names: now });
      running = now;
    },
  });
  // The live feed follows the log from here; the server's hub resumes late clients from the log.
  const head = await stores.store.head();
  live = stores.store.subscribe({
    ...(head === undefined ? {} : { after: head }),
    handler: async (events) => {
      const entries: LiveEntry[] = [];
      for (const event of events) {
        const entry = await liveEntryOf(event, owners);
        if (entry !== undefined) entries.push(entry);
      }
      const last = events.at(-1);
      if (last !== undefined) post({ type: 'live', entries, last: last.checkpoint });
    },
    onError: (error) => post({ type: 'error', source: 'live', error: errorData(error) }),
  });
  await factum.start();
  post({ type: 'running', names: factum.running() });
}

async function stop(): Promise<void> {
  await factum?.stop();
  await live?.close();
  await stores?.close();
}

port.on('message', (message: ToRunners) => {
  switch (message.type) {
    case 'appended': {
      // Appends through the server's connection to a SQLite file are not seen here until the
      // next poll; PostgreSQL's NOTIFY reaches every connection by itself.
      const store = stores?.store as { appendedElsewhere?: () => void } | undefined;
      store?.appendedElsewhere?.();
      return;
    }
    case 'performed': {
      const waiting = performing.get(message.id);
      performing.delete(message.id);
      if (message.error !== undefined) waiting?.reject(storeErrorFrom(message.error));
      else if (message.result !== undefined) waiting?.resolve(message.result);
      return;
    }
    case 'settle':
    case 'status':
    case 'stop': {
      const { id } = message;
      const work =
        message.type === 'settle'
          ? factum?.settle().then(() => undefined)
          : message.type === 'status'
            ? factum?.status()
            : stop().then(() => undefined);
      void Promise.resolve(work).then(
        (status) => post({ type: 'reply', id, ...(status === undefined ? {} : { status }) }),
        (error: unknown) => post({ type: 'reply', id, error: errorData(error) }),
      );
      return;
    }
  }
});

start().then(
  () => post({ type: 'started' }),
  (error: unknown) => post({ type: 'failed', error: errorData(error) }),
);
