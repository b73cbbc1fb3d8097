/**
 * Child process of W3: rebuilds the built-in views of the minimal model from the whole log a store
 * URL names, then prints one JSON line: facts applied, milliseconds, and this process's peak RSS.
 * Usage: node --import tsx bench/workloads/w3-rebuild-child.ts <store-url>
 */
import { openStores } from '../../src/app/open-stores.ts';
import { builtinProjection } from '../../src/engine/views/builtin-projection.ts';
import { ProjectionRunner } from '../../src/engine/views/projection-runner.ts';
import { loadMinimalModel } from '../lib/minimal-model.ts';
import { now } from '../lib/stats.ts';

const url = process.argv[2];
if (url === undefined) throw new Error('usage: w3-rebuild-child.ts <store-url>');
const model = await loadMinimalModel();
const stores = await openStores(url);
try {
  const runner = new ProjectionRunner(stores.store, stores.views, builtinProjection(model));
  const start = now();
  const facts = await runner.rebuild();
  const ms = now() - start;
  // maxRSS is in kilobytes.
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ facts, ms, maxRssMb })}\n`);
} finally {
  await stores.close();
}
