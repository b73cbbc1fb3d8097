/**
 * How to start a worker thread on a module of Factum, from the TypeScript sources (through tsx) or
 * from the built package (plain JavaScript).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker on the module `name` (without extension) beside the module at `besideUrl`
 * (`import.meta.url` of the caller) (effectful: starts a thread).
 */
export function startWorker(besideUrl: string, name: string, options: WorkerOptions): Worker {
  const fromSources = besideUrl.endsWith('.ts');
  const url = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, besideUrl);
  if (!fromSources) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`,
    { ...options, eval: true },
  );
}
