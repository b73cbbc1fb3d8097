import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectInvalidInput,
  factumOver,
  fillShop,
  placeOrder,
  scratchDir,
  withShop,
} from '../cli-harness.test-support.ts';

const model = 'examples/shop/model.ts';
let store: string;

beforeAll(async () => {
  const file = join(await scratchDir(), 'shop.db');
  await fillShop(file);
  store = `sqlite:${file}`;
});

interface StatusLine {
  name: string;
  type: string;
  position: string | null;
  head: string;
  lag: string;
}

async function status(): Promise<StatusLine[]> {
  const result = await factumOver(model, store, ['views', 'status', '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as StatusLine[];
}

describe('factum views', () => {
  it('reports every projection and the agent caught up, as a table and as JSON', async () => {
    const [table, json, healthy] = await Promise.all([
      factumOver(model, store, ['views', 'status']),
      status(),
      factumOver(model, store, ['views', 'status', '--max-lag', '0']),
    ]);
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^projection\s+position\s+head\s+lag\s+running\s+updated$/);
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual([
      'projection',
      'builtin@1',
      'view:customer-orders@1',
      'view:pending-orders@1',
      'agent:rules',
    ]);
    expect(json.map((l) => [l.type, l.lag])).toEqual([
      ['projection', '0'],
      ['projection', '0'],
      ['projection', '0'],
      ['agent', '0'],
    ]);
    expect(json[0]?.position).toBe(json[0]?.head);
    expect(healthy.code).toBe(0);
  });

  it('shows the lag of facts appended while nothing ran, exits 1 over --max-lag, and rebuilds', async () => {
    await withShop(store.slice('sqlite:'.length), false, (shop) => placeOrder(shop, 'order-late'));
    const lagging = await status();
    expect(lagging.every((l) => BigInt(l.lag) > 0n)).toBe(true);
    const overMax = await factumOver(model, store, ['views', 'status', '--max-lag', '0']);
    expect(overMax.code).toBe(1);
    expect(overMax.stderr).toMatch(/builtin@1 lags \d+ events \(more than 0\)/);

    const one = await factumOver(model, store, ['views', 'rebuild', '--view', 'transactions']);
    expect(one.code).toBe(0);
    const head = lagging[0]?.head ?? '';
    expect(one.stdout).toMatch(
      new RegExp(`^rebuilt builtin@1: ${head} events applied in [\\d.]+ s\\n$`),
    );
    // Not a terminal: progress goes to the structured log instead of a bar.
    const logLines = one.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(logLines.map((l) => l.msg)).toContain('rebuilt');

    const after = await status();
    expect(after.map((l) => [l.name, l.lag])).toEqual([
      ['builtin@1', '0'],
      ['view:customer-orders@1', lagging[1]?.lag],
      ['view:pending-orders@1', lagging[2]?.lag],
      ['agent:rules', lagging[3]?.lag],
    ]);

    const all = await factumOver(model, store, ['views', 'rebuild', '--log-level', 'silent']);
    expect(all.code).toBe(0);
    expect(all.stderr).toBe('');
    expect(all.stdout.trim().split('\n')).toHaveLength(3);
    expect((await status()).slice(0, 3).map((l) => l.lag)).toEqual(['0', '0', '0']);
  });

  it('refuses an unknown projection with the names it knows (exit 2)', async () => {
    const result = await factumOver(model, store, ['views', 'rebuild', '--view', 'nope']);
    expectInvalidInput(
      result,
      "no projection 'nope'; the model has: builtin@1, view:customer-orders@1",
    );
  });
});
