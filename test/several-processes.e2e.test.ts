import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { openStores, type OpenStores } from '../src/app/open-stores.ts';
import { createEngine } from '../src/engine/engine.ts';
import { receiveIntoLedger } from '../src/engine/ledger-effects.ts';
import { shopModel } from '../examples/shop/model.ts';
import { createTestSchema } from './postgres.ts';
import { waitFor } from './fixtures/wait-for.ts';

const root = join(import.meta.dirname, '..');
const runnerNames = ['builtin@1', 'view:customer-orders@1', 'view:pending-orders@1', 'agent:rules'];

/** A child shop process and the latest set of runners it reported running. */
interface ShopProcess {
  readonly child: ChildProcess;
  running: readonly string[];
  started: boolean;
  /** Its id as a lease holder, once started. */
  holder?: string;
}

function startProcess(url: string): ShopProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/fixtures/lease-process.ts'), url],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const state: ShopProcess = { child, running: [], started: false };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const report = JSON.parse(line) as { running: string[]; started?: boolean; holder?: string };
    state.running = report.running;
    if (report.started === true) state.started = true;
    if (report.holder !== undefined) state.holder = report.holder;
  });
  return state;
}

const children: ShopProcess[] = [];
let stores: OpenStores | undefined;
const { url, schema, cleanup } = createTestSchema('leases');
afterAll(async () => {
  for (const { child } of children) child.kill('SIGKILL');
  await stores?.close();
  await cleanup();
});

it('runs each agent and view runner in one process at a time; another takes over when it dies', async () => {
  const target = new URL(url);
  target.searchParams.set('schema', schema);
  const storeUrl = target.toString();
  stores = await openStores(storeUrl);
  const engine = createEngine({ model: shopModel, store: stores.store });
  await receiveIntoLedger(stores.store, shopModel.ledgers ?? [], {
    ledger: 'stock',
    key: 'MUG-001',
    amount: 5,
    id: 'seed',
  });

  const first = startProcess(storeUrl);
  children.push(first);
  await waitFor(
    'the first process to run everything',
    () => first.running.length === runnerNames.length,
  );
  expect([...first.running].sort()).toEqual([...runnerNames].sort());

  const second = startProcess(storeUrl);
  children.push(second);
  await waitFor('the second process to start', () => second.started);
  // It goes through lease rounds as a standby — its presence renewed again and again — and takes
  // nothing while the first holds everything.
  const renewals = new Set<number>();
  const leases = stores.leases;
  await waitFor('the second process to renew its presence three times', async () => {
    const table = await leases.table();
    const presence = table.members.find((member) => member.holder === second.holder);
    if (presence !== undefined) renewals.add(presence.renewedAt);
    expect(
      table.leases.filter((lease) => lease.holder === second.holder && lease.expiresAt > table.now),
    ).toEqual([]);
    return renewals.size >= 3;
  });
  expect(second.running).toEqual([]);

  // The killed holder's leases expire within their ttl (2 s here); the second takes them within
  // one more round (250 ms) — plus the time to start its runners.
  first.child.kill('SIGKILL');
  const takeover = await waitFor(
    'the second process to take over',
    () => second.running.length === runnerNames.length,
  );
  expect(takeover).toBeLessThan(4000);

  // The survivor's agent and views respond to an order performed by yet another process (this one).
  const ordered = await engine.perform({
    kind: 'TK01',
    act: 'request',
    transactionId: 'after-takeover',
    performer: { actor: 'alice', role: 'CA01' },
    payload: {
      lines: [{ sku: 'MUG-001', qty: 1 }],
      shippingAddress: { name: 'A', street: 'S', city: 'C', postcode: 'P', country: 'NL' },
    },
  });
  expect(ordered.ok).toBe(true);
  const views = stores.views;
  await waitFor('the order to be promised and its payment requested', async () => {
    const payment = await views.get('transactions', 'after-takeover.TK02');
    const order = await views.get('transactions', 'after-takeover');
    return order?.row.status === 'promised' && payment?.row.status === 'requested';
  });
}, 60_000);
