import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../app/open-stores.ts';
import { createFactum } from '../../engine/factum.ts';
import { loadModel } from '../../model/load-model.ts';
import { factum, factumOver, scratchDir } from '../cli-harness.test-support.ts';

const model = 'src/cli/commands/fixtures/flaky-rule.model.ts';
let store: string;

/** Two deliveries requested while the supplier's system is down: the agent parks both rule runs. */
beforeAll(async () => {
  const file = join(await scratchDir(), 'flaky.db');
  store = `sqlite:${file}`;
  const loaded = await loadModel(model);
  if (!loaded.ok) throw new Error('fixture model is invalid');
  const stores = await openStores(store);
  const running = createFactum({
    model: loaded.value,
    store: stores.store,
    views: stores.views,
    agentOptions: { attempts: 2, backoffMs: 1 },
  });
  await running.start();
  for (const id of ['delivery-1', 'delivery-2']) {
    const result = await running.perform({
      kind: 'TK01',
      act: 'request',
      transactionId: id,
      performer: { actor: 'carol', role: 'CA01' },
      payload: { item: 'tea' },
    });
    if (!result.ok) throw new Error(result.error.message);
  }
  await running.settle();
  await running.stop();
  await stores.close();
});

interface Parked {
  key: string;
  rule: string;
  error: string;
  attempts: number;
  fact: { transactionId: string };
}

describe('factum parked', () => {
  it('lists the parked rule runs, retries one that fails again (exit 1), then all once it works', async () => {
    const [table, json] = await Promise.all([
      factumOver(model, store, ['parked', 'list']),
      factumOver(model, store, ['parked', 'list', '--json']),
    ]);
    expect(table).toMatchObject({ code: 0 });
    expect(table.stdout.split('\n')[0]).toMatch(
      /^key\s+rule\s+fact\s+attempts\s+parked at\s+error$/,
    );
    expect(table.stdout).toContain('DeliveryRequested on delivery-1');
    const parked = JSON.parse(json.stdout) as Parked[];
    expect(parked.map((p) => [p.fact.transactionId, p.rule, p.attempts, p.error])).toEqual([
      ['delivery-1', 'promise-when-supplier-up', 2, 'the supplier system is unreachable'],
      ['delivery-2', 'promise-when-supplier-up', 2, 'the supplier system is unreachable'],
    ]);
    const first = parked[0]?.key ?? '';

    const [stillDown, unknown, neither] = await Promise.all([
      factumOver(model, store, ['parked', 'retry', first, '--log-level', 'silent']),
      factumOver(model, store, ['parked', 'retry', 'no-such-key']),
      factumOver(model, store, ['parked', 'retry']),
    ]);
    expect(stillDown.code).toBe(1);
    expect(stillDown.stdout).toBe(
      `retried ${first}: failed again: the supplier system is unreachable\n`,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no parked rule run 'no-such-key'");
    expect(neither.code).toBe(2);

    const up = { FACTUM_TEST_SUPPLIER_UP: '1' };
    const one = await factumOver(model, store, ['parked', 'retry', first], up);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(`retried ${first}: done\n`);
    const rest = await factumOver(model, store, ['parked', 'retry', '--all'], up);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toBe(`retried ${parked[1]?.key ?? ''}: done\n`);

    const [empty, promised] = await Promise.all([
      factumOver(model, store, ['parked', 'list']),
      factum(['inspect', 'delivery-2', '--store', store, '--json']),
    ]);
    expect(empty.stdout).toBe('nothing is parked\n');
    const tree = (JSON.parse(promised.stdout) as { tree: { status: string }[] }).tree;
    expect(tree[0]?.status).toBe('promised');
  });
});
