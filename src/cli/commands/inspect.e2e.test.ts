import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { factum, fillShop, scratchDir } from '../cli-harness.test-support.ts';

let store: string;
let orders: { completed: string; open: string };

beforeAll(async () => {
  const file = join(await scratchDir(), 'shop.db');
  orders = await fillShop(file);
  store = `sqlite:${file}`;
});

interface Inspected {
  source: string;
  asOf: unknown;
  tree: {
    id: string;
    kind: string;
    kindName: string;
    status: string;
    depth: number;
    facts: { position: string; type: string; performer: { actor: string; role: string } }[];
  }[];
}

describe('factum inspect', () => {
  it('prints the tree of a transaction with every fact: position, time, type, performer', async () => {
    const [text, json, child] = await Promise.all([
      factum(['inspect', orders.completed, '--store', store, '--model', 'examples/shop/model.ts']),
      factum(['inspect', orders.completed, '--store', store, '--json']),
      factum(['inspect', `${orders.completed}.TK03`, '--store', store]),
    ]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toBe('order-1  TK01 Order  accepted');
    expect(lines).toContain('  order-1.TK02  TK02 Payment  accepted');
    expect(lines).toContain('  order-1.TK03  TK03 Shipment  accepted');
    expect(lines[1]).toMatch(
      /^ {2}#\d+\s+2026-03-02T10:00:\d\d\.000Z {2}OrderRequested\s+alice \(CA01\)$/,
    );
    expect(lines.find((l) => l.includes('OrderAccepted'))).toMatch(
      /OrderAccepted\s+alice \(CA01\)$/,
    );
    expect(lines.at(-1)).toMatch(/ShipmentAccepted\s+agent:accept-shipment \(A01\)$/);

    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as Inspected;
    expect(parsed.source).toBe('view');
    expect(parsed.tree.map((t) => [t.id, t.depth, t.status])).toEqual([
      ['order-1', 0, 'accepted'],
      ['order-1.TK02', 1, 'accepted'],
      ['order-1.TK03', 1, 'accepted'],
    ]);
    expect(parsed.tree[0]?.facts.map((f) => f.type)).toEqual([
      'OrderRequested',
      'OrderPromised',
      'OrderExecuted',
      'OrderDeclared',
      'OrderAccepted',
    ]);
    expect(parsed.tree[2]?.facts[1]?.performer).toEqual({ actor: 'sam', role: 'A02' });

    expect(child.code).toBe(0);
    expect(child.stdout.split('\n')[0]).toBe('order-1.TK03  TK03  accepted  (child of order-1)');
  });

  it('shows the tree as of a past position, folded from the log', async () => {
    const now = JSON.parse(
      (await factum(['inspect', orders.completed, '--store', store, '--json'])).stdout,
    ) as Inspected;
    const promised = now.tree[0]?.facts[1]?.position ?? '';
    const [past, byTime] = await Promise.all([
      factum(['inspect', orders.completed, '--store', store, '--json', '--as-of', promised]),
      factum(['inspect', orders.completed, '--store', store, '--json', '--as-of', '2026-03-01']),
    ]);
    expect(past.code).toBe(0);
    const parsed = JSON.parse(past.stdout) as Inspected;
    expect(parsed.source).toBe('log');
    expect(parsed.asOf).toEqual({ position: promised });
    // The payment was requested in the same append as the promise... or right after it: not yet here.
    expect(parsed.tree[0]?.status).toBe('promised');
    expect(parsed.tree[0]?.facts.map((f) => f.type)).toEqual(['OrderRequested', 'OrderPromised']);
    expect(
      parsed.tree.every((t) => BigInt(t.facts.at(-1)?.position ?? '0') <= BigInt(promised)),
    ).toBe(true);
    expect(byTime.code).toBe(1);
    expect(byTime.stderr).toContain("transaction 'order-1' did not exist yet as of 2026-03-01");
  });

  it('exits 1 for an unknown transaction and 2 for a malformed --as-of', async () => {
    const [unknown, malformed] = await Promise.all([
      factum(['inspect', 'order-404', '--store', store]),
      factum(['inspect', orders.open, '--store', store, '--as-of', 'yesterday']),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("factum: no transaction 'order-404' in the log.\n");
    expect(malformed).toMatchObject({ code: 2 });
    expect(malformed.stderr).toContain('--as-of must be a log position');
  });
});
