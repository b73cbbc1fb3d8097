/**
 * Child process of W7: one Factum server over a shared store, as `factum serve <file>` runs it
 * (views and agents on their worker thread), on a free loopback port. Prints `serving <url>` once
 * it listens; answers `rss` on stdin with its resident memory after a full collection; shuts down
 * on SIGTERM.
 *
 *   node --import tsx --expose-gc bench/workloads/scale-out-server.ts '<json: modelFile, storeUrl, dataDir, tokenSecret>'
 */
import { createInterface } from 'node:readline';
import { loadModel } from '../../src/model/load-model.ts';
import { serve } from '../../src/app/serve.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  modelFile: string;
  storeUrl: string;
  dataDir: string;
  tokenSecret: string;
};
const loaded = await loadModel(options.modelFile);
if (!loaded.ok) throw new Error(`${options.modelFile}: ${JSON.stringify(loaded.error)}`);
const server = await serve({
  model: loaded.value,
  modelFile: options.modelFile,
  storeUrl: options.storeUrl,
  port: 0,
  host: '127.0.0.1',
  dataDir: options.dataDir,
  authMode: 'demo',
  tokenSecret: options.tokenSecret,
  logLevel: 'silent',
  demoData: true,
  metrics: { enabled: false, path: '/metrics' },
});
process.stdout.write(`serving ${server.url}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'rss') return;
  void server.factum.settle().then(() => {
    (globalThis as { gc?: () => void }).gc?.();
    process.stdout.write(`rss ${process.memoryUsage().rss}\n`);
  });
});
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
