/**
 * The package as a user gets it: packs the tarball (`prepack` builds it), checks what it carries,
 * installs it into an empty temporary project, imports every export under plain Node (no tsx, no
 * TypeScript sources), runs a model written in TypeScript in memory and on SQLite, runs
 * `npx factum simulate` and `npx factum --version`, and serves the dashboard from the prebuilt
 * bundle. Run by CI (`.ci/run`), not by `npm test`: it builds and installs, which takes a minute.
 *
 *   npm run test:package
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function fail(message: string): never {
  process.stderr.write(`consumer test FAILED: ${message}\n`);
  process.exit(1);
}

function step(message: string): void {
  process.stdout.write(`== ${message}\n`);
}

interface PackedFile {
  readonly path: string;
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) fail(`Node ${process.version} is older than the package's engines (>=20)`);
step(`node ${process.version}`);

const work = await mkdtemp(join(tmpdir(), 'factum-consumer-'));
try {
  step('npm pack (prepack builds dist/)');
  const packed = await run(npm, ['pack', '--json', '--pack-destination', work], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [manifest] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [
    { filename: string; files: PackedFile[] },
  ];
  const files = manifest.files.map((file) => file.path);
  const stray = files.filter(
    (file) =>
      /^(bench|test|src|examples|scripts|\.ci)\//.test(file) || /\.test\.(js|d\.ts)$/.test(file),
  );
  if (stray.length > 0)
    fail(`the tarball carries files it should not: ${stray.slice(0, 5).join(', ')}`);
  for (const needed of [
    'dist/cli/main.js',
    'dist/index.d.ts',
    'dist/web/assets/app.js',
    'README.md',
  ])
    if (!files.includes(needed)) fail(`the tarball lacks ${needed}`);
  step(`${manifest.filename}: ${files.length} files`);

  const project = join(work, 'project');
  await run('mkdir', ['-p', project]);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  );
  step('npm install <tarball> into an empty project');
  const installed = await run(
    npm,
    // vitest and fast-check as a store adapter's author has them, for factum/testing/contract.
    [
      'install',
      '--no-audit',
      '--no-fund',
      join(work, manifest.filename),
      'vitest@~4.1.12',
      'fast-check@^4',
    ],
    { cwd: project, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: unknown) =>
    fail(`npm install failed: ${String((error as { stderr?: string }).stderr ?? error)}`),
  );
  if (/EBADENGINE/.test(installed.stderr))
    fail(`npm install warned EBADENGINE:\n${installed.stderr}`);

  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
    exports: Record<string, unknown>;
  };
  const subpaths = Object.keys(pkg.exports)
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => `factum${subpath.slice(1)}`);

  await writeFile(
    join(project, 'model.ts'),
    `import { defineModel } from 'factum/model';

const payload = {
  type: 'object',
  properties: { item: { type: 'string', minLength: 1 }, quantity: { type: 'integer', minimum: 1 } },
  required: ['item', 'quantity'],
} as const;

export default defineModel({
  name: 'minimal',
  actorRoles: {
    CA01: { name: 'client', kind: 'environmental', demoActors: ['carol'] },
    A01: { name: 'supplier', kind: 'elementary', demoActors: ['sue'] },
  },
  transactionKinds: {
    TK01: {
      name: 'Delivery',
      product: '[delivery] is done',
      initiator: 'CA01',
      executor: 'A01',
      payload,
      example: { item: 'tea', quantity: 2 },
    },
  },
});
`,
  );
  await writeFile(
    join(project, 'happy-path.yaml'),
    `name: minimal happy path
steps:
  - { tx: d1, kind: TK01, by: CA01, act: request, expect: requested }
  - { tx: d1, by: A01, act: promise, expect: promised }
  - { tx: d1, by: A01, act: execute, expect: executed }
  - { tx: d1, by: A01, act: declare, expect: declared }
  - { tx: d1, by: CA01, act: accept, expect: accepted }
`,
  );
  await writeFile(
    join(project, 'check.mjs'),
    `import assert from 'node:assert/strict';
const subpaths = ${JSON.stringify(subpaths.filter((subpath) => subpath !== 'factum/testing/contract'))};
for (const subpath of subpaths) {
  const exported = await import(subpath);
  assert.ok(Object.keys(exported).length > 0, subpath + ' exports nothing');
}
const { createFactum, loadModel } = await import('factum');
const { memoryEventStore, memoryViewStore } = await import('factum/stores');
const { sqliteEventStore, sqliteViewStore } = await import('factum/sqlite');
const { specify } = await import('factum/testing');

const loaded = await loadModel('model.ts');
assert.ok(loaded.ok, JSON.stringify(loaded.ok ? '' : loaded.error));
const model = loaded.value;

async function deliver(store, views) {
  const factum = createFactum({ model, store, views });
  await factum.start();
  const performer = (actor, role) => ({ actor, role });
  const requested = await factum.perform({ kind: 'TK01', act: 'request', performer: performer('carol', 'CA01'), addressee: 'sue', payload: { item: 'tea', quantity: 2 } });
  assert.ok(requested.ok, JSON.stringify(requested));
  const id = requested.value.transactionId;
  for (const act of ['promise', 'execute', 'declare'])
    assert.ok((await factum.perform({ transactionId: id, act, performer: performer('sue', 'A01') })).ok, act);
  assert.ok((await factum.perform({ transactionId: id, act: 'accept', performer: performer('carol', 'CA01') })).ok, 'accept');
  await factum.settle();
  const transaction = await factum.queries.transaction(id);
  await factum.stop();
  return transaction?.status;
}
assert.equal(await deliver(memoryEventStore(), memoryViewStore()), 'accepted');
const sqlite = sqliteEventStore({ path: 'factum.db' });
assert.equal(await deliver(sqlite, sqliteViewStore(sqlite)), 'accepted');
await sqlite.close();
await specify(model).given({ tx: 'd1', kind: 'TK01', by: 'CA01', act: 'request' }).when({ tx: 'd1', by: 'A01', act: 'accept' }).thenRefused('ActNotAllowed');
console.log('imported ' + subpaths.length + ' exports; the model ran in memory and on SQLite');
`,
  );
  step('import every export and run the model in memory and on SQLite');
  const checked = await run(process.execPath, ['check.mjs'], { cwd: project }).catch(
    (error: unknown) =>
      fail(`check.mjs: ${String((error as { stderr?: string }).stderr ?? error)}`),
  );
  process.stdout.write(checked.stdout);

  await writeFile(
    join(project, 'contract.test.mjs'),
    `import { describeEventStore, describeViewStore } from 'factum/testing/contract';
import { memoryEventStore, memoryViewStore } from 'factum/stores';
describeEventStore('memory', async () => ({ store: memoryEventStore() }), { heavy: false });
describeViewStore('memory', async () => ({ views: memoryViewStore() }));
`,
  );
  step('the store contract suites from factum/testing/contract, under vitest');
  const contract = await run(npx, ['vitest', 'run', 'contract.test.mjs'], {
    cwd: project,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: unknown) =>
    fail(`the contract suites: ${String((error as { stdout?: string }).stdout ?? error)}`),
  );
  process.stdout.write(`${/Tests\s+.*/.exec(contract.stdout)?.[0] ?? contract.stdout}\n`);

  step('npx factum --version');
  const version = await run(npx, ['factum', '--version'], { cwd: project });
  if (version.stdout.trim() !== pkg.version)
    fail(`factum --version printed '${version.stdout.trim()}', not ${pkg.version}`);

  step('npx factum simulate model.ts happy-path.yaml');
  const simulated = await run(npx, ['factum', 'simulate', 'model.ts', 'happy-path.yaml'], {
    cwd: project,
  }).catch((error: unknown) =>
    fail(`factum simulate: ${String((error as { stderr?: string }).stderr ?? error)}`),
  );
  process.stdout.write(simulated.stdout);
  if (!simulated.stdout.includes('accepted')) fail('factum simulate did not reach accepted');

  step('factum serve: the dashboard from the prebuilt bundle, and /metrics');
  await serveOnce(project);
  step('consumer test passed');
} finally {
  await rm(work, { recursive: true, force: true });
}

async function serveOnce(project: string): Promise<void> {
  // The installed bin, run by this Node directly: `npx` would answer SIGTERM by exiting and leave the
  // server it started running, holding this script's pipes open for ever.
  const bin = join(project, 'node_modules', '.bin', 'factum');
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--model', 'model.ts', '--port', '0', '--store', 'memory:'],
    {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FACTUM_LOG_LEVEL: 'warn' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /is serving .* at (http:\/\/[^\s"]+)/.exec(out);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      child.once('exit', (code) =>
        reject(new Error(`factum serve exited ${String(code)}: ${stderr}`)),
      );
    }).catch((error: unknown) => fail(String(error)));
    const page = await fetch(`${url}/assets/app.js`);
    if (!page.ok || (await page.text()).length < 1000) fail(`GET /assets/app.js: ${page.status}`);
    const metrics = await fetch(`${url}/metrics`);
    const text = await metrics.text();
    if (!metrics.ok || !/^factum_log_head_position /m.test(text))
      fail(`GET /metrics: ${metrics.status} ${text.slice(0, 200)}`);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    child.stdout.destroy();
    child.stderr.destroy();
  }
}
