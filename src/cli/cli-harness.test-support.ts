/** Runs the `factum` command as a subprocess, and fills a SQLite store with the shop for it to work on. */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { seedStock } from '../../examples/shop/seed.ts';
import { openStores } from '../app/open-stores.ts';
import type { JsonObject, Performer } from '../core/index.ts';
import { createFactum, type Factum } from '../engine/factum.ts';

const run = promisify(execFile);

/** The repository's root. */
export const root = join(import.meta.dirname, '../..');

/** What a run of the command left behind. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `factum …` from the repository root with a clean environment for the store and model. */
export async function factum(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.FACTUM_MODEL;
  for (const [key, value] of Object.entries(env)) childEnv[key] = value;
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(root, 'bin/factum.mjs'), ...args],
      {
        cwd: root,
        env: childEnv,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs `factum model <command> examples/shop/model.ts …args`: a model command on the shop's model. */
export function factumOnShopModel(command: string, ...args: string[]): Promise<CliRun> {
  return factum(['model', command, 'examples/shop/model.ts', ...args]);
}

/** Expects a run refused as invalid input (exit 2) that says `message` on stderr. */
export function expectInvalidInput(run: CliRun | undefined, message: string): void {
  expect(run?.code).toBe(2);
  expect(run?.stderr).toContain(message);
}

/** Runs `factum …args --model <model> --store <store>`: a command over a model's store. */
export function factumOver(
  model: string,
  store: string,
  args: readonly string[],
  env?: Record<string, string>,
): Promise<CliRun> {
  return factum([...args, '--model', model, '--store', store], env);
}

/** A fresh directory under the system's temp dir. */
export function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'factum-cli-'));
}

const address = {
  name: 'Alice Example',
  street: '1 Market Street',
  city: 'Utrecht',
  postcode: '3511 AA',
  country: 'NL',
};
const alice: Performer = { actor: 'alice', role: 'CA01' };
const sam: Performer = { actor: 'sam', role: 'A02' };

/** The shop over a SQLite file, with a fixed clock; `started` runs its views and rules. */
export async function withShop<T>(
  file: string,
  started: boolean,
  use: (shop: Factum) => Promise<T>,
): Promise<T> {
  const stores = await openStores(`sqlite:${file}`);
  const clock = { now: Date.parse('2026-03-02T10:00:00Z') };
  const shop = createFactum({
    model: shopModel,
    store: stores.store,
    views: stores.views,
    now: () => new Date((clock.now += 1000)),
    agentOptions: { timerIntervalMs: 60_000, backoffMs: 1 },
  });
  try {
    if (started) await shop.start();
    return await use(shop);
  } finally {
    await shop.stop();
    await stores.close();
  }
}

async function act(
  shop: Factum,
  transactionId: string,
  name: string,
  performer: Performer,
): Promise<void> {
  const result = await shop.perform({ transactionId, act: name, performer });
  if (!result.ok) throw new Error(`${name} on ${transactionId}: ${result.error.message}`);
  await shop.settle();
}

/** The terms of an order for mugs, shipped to Alice: the shop's TK01 payload. */
export function mugOrder(qty: number): JsonObject {
  return { lines: [{ sku: 'MUG-001', qty }], shippingAddress: address };
}

/** Places an order and returns its id (the rules promise it and request payment). */
export async function placeOrder(shop: Factum, orderId: string): Promise<string> {
  const result = await shop.perform({
    kind: 'TK01',
    act: 'request',
    transactionId: orderId,
    performer: alice,
    payload: mugOrder(2),
  });
  if (!result.ok) throw new Error(result.error.message);
  await shop.settle();
  return result.value.transactionId;
}

/**
 * Fills a SQLite file with the shop: stock seeded, one order completed (paid, shipped, accepted) and
 * one left waiting for its payment. Returns the two order ids.
 */
export async function fillShop(file: string): Promise<{ completed: string; open: string }> {
  return withShop(file, true, async (shop) => {
    await seedStock(shop);
    const completed = await placeOrder(shop, 'order-1');
    const payment = `${completed}.TK02`;
    await act(shop, payment, 'promise', alice);
    await act(shop, payment, 'execute', alice);
    await act(shop, payment, 'declare', alice);
    const shipment = `${completed}.TK03`;
    await act(shop, shipment, 'promise', sam);
    await act(shop, shipment, 'execute', sam);
    await act(shop, shipment, 'declare', sam);
    await act(shop, completed, 'accept', alice);
    const open = await placeOrder(shop, 'order-2');
    return { completed, open };
  });
}
