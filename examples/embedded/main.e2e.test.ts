import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

it('runs the README example: one order from request to accept, with a refusal on the way', async () => {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(root, 'examples/embedded/main.ts')],
    { cwd: root },
  );
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(
    /^refused: ActNotAllowed — Cannot accept a transaction that is promised\./,
  );
  expect(lines.slice(1, 4).map((line) => line.replace(/order-[0-9a-z]+/g, 'ID'))).toEqual([
    'Order ID: accepted',
    'Payment ID.TK02: accepted',
    'Shipment ID.TK03: accepted',
  ]);
  expect(lines[4]).toBe('15 facts in the audit trail; the last: OrderAccepted');
});
