import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchema } from './postgres.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const script = join(root, 'test/fixtures/shop-process.ts');

async function shopProcess(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number | null; signal: string | null; stdout: string };
    return { code: failed.code ?? (failed.signal === 'SIGKILL' ? 137 : -1), stdout: failed.stdout };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'factum-crash-'));
const schemas: (() => Promise<void>)[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const cleanup of schemas) await cleanup();
});

const stores: readonly (readonly [string, () => string])[] = [
  ['sqlite', () => `sqlite:${join(dir, `crash-${Date.now()}.db`)}`],
  [
    'postgres',
    () => {
      const { url, schema, cleanup } = createTestSchema('crash');
      schemas.push(cleanup);
      const target = new URL(url);
      target.searchParams.set('schema', schema);
      return target.toString();
    },
  ],
];

describe.each(stores)(
  'a process killed between an agent act and its checkpoint, on %s',
  (_name, storeUrl) => {
    it('performs no act twice, misses no fact, and its views equal a rebuild after restart', async () => {
      const url = storeUrl();
      const crashed = await shopProcess(url, 'crash-after-act', '3');
      expect(crashed.code).toBe(137);
      const acknowledged = crashed.stdout
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { acknowledged: string }).acknowledged);
      expect(acknowledged.length).toBeGreaterThan(0);

      const restarted = await shopProcess(url, 'settle');
      expect(restarted.code).toBe(0);
      const summary = JSON.parse(restarted.stdout.trim()) as {
        facts: Record<string, number>;
        transactions: [string, string][];
        stock: { reserved: number; onHand: number };
        viewsMatchRebuild: boolean;
      };
      // Every acknowledged order is in the log (an order may also have been appended just before the
      // kill, unacknowledged); each was promised once and asked for payment once.
      const orders = summary.facts.OrderRequested ?? 0;
      expect(orders).toBeGreaterThanOrEqual(acknowledged.length);
      expect(summary.facts.OrderPromised).toBe(orders);
      expect(summary.facts.StockReserved).toBe(orders);
      expect(summary.facts.PaymentRequested).toBe(orders);
      expect(summary.stock).toMatchObject({ onHand: 40, reserved: orders });
      for (const id of acknowledged) {
        expect(summary.transactions).toContainEqual([id, 'promised']);
        expect(summary.transactions).toContainEqual([`${id}.TK02`, 'requested']);
      }
      expect(summary.viewsMatchRebuild).toBe(true);
    }, 60_000);
  },
);
