import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { factum, fillShop, scratchDir } from '../cli-harness.test-support.ts';

let dir: string;
let source: string;

beforeAll(async () => {
  dir = await scratchDir();
  await fillShop(join(dir, 'source.db'));
  source = `sqlite:${join(dir, 'source.db')}`;
});

interface Line {
  id: string;
  streamId: string;
  version: number;
  position: string;
  recordedAt: string;
  streamMetadata?: Record<string, unknown>;
}

/** Drops what an import assigns anew: the position (order is kept) and the time of recording. */
function normalised(text: string): string[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const parsed = JSON.parse(line) as Partial<Line>;
      delete parsed.position;
      delete parsed.recordedAt;
      return JSON.stringify(parsed);
    });
}

describe('factum export and import', () => {
  it('round-trips the log: export, import into a new store, export again gives the same lines', async () => {
    const first = join(dir, 'first.ndjson');
    const exported = await factum(['export', '--store', source, '-o', first, '--batch-size', '7']);
    expect(exported.code).toBe(0);
    const text = await readFile(first, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(exported.stderr).toContain(`exported ${lines.length} events to ${first}`);
    expect(Object.keys(lines[0] ?? {}).slice(0, 8)).toEqual([
      'id',
      'streamId',
      'version',
      'position',
      'type',
      'data',
      'metadata',
      'recordedAt',
    ]);
    const order = lines.find((l) => l.streamId === 'order-1' && l.version === 1);
    expect(order?.streamMetadata).toEqual({ kind: 'TK01' });
    expect(
      lines.find((l) => l.streamId === 'order-1.TK02' && l.version === 1)?.streamMetadata,
    ).toEqual({
      kind: 'TK02',
      parent: 'order-1',
    });

    const target = `sqlite:${join(dir, 'target.db')}`;
    const imported = await factum(['import', first, '--store', target, '--batch-size', '5']);
    expect(imported.stderr.split('\n').filter((l) => l.startsWith('{')).length).toBeGreaterThan(0);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe(`imported ${lines.length} events\n`);

    const [again, stdout, inspected] = await Promise.all([
      factum(['export', '--store', target, '-o', join(dir, 'second.ndjson')]),
      factum(['export', '--store', target, '--log-level', 'silent']),
      factum(['inspect', 'order-1', '--store', target, '--json']),
    ]);
    expect(again.code).toBe(0);
    const second = await readFile(join(dir, 'second.ndjson'), 'utf8');
    expect(normalised(second)).toEqual(normalised(text));
    const positions = second
      .trim()
      .split('\n')
      .map((l) => BigInt((JSON.parse(l) as Line).position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(stdout.stdout).toBe(second);
    // The imported log is a working log: the tree folds from it (its views are not built yet).
    expect(inspected.code).toBe(0);
    expect((JSON.parse(inspected.stdout) as { source: string; tree: unknown[] }).tree).toHaveLength(
      3,
    );

    const refused = await factum(['import', first, '--store', target]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty; use --append');
    const repeated = await factum(['import', first, '--store', target, '--append']);
    expect(repeated.code).toBe(0);
    expect(repeated.stdout).toBe(`imported 0 events, skipped ${lines.length} already there\n`);
  });

  it('appends only what is new with --append, and refuses a conflicting event (exit 1)', async () => {
    const all = (await readFile(join(dir, 'first.ndjson'), 'utf8')).trim().split('\n');
    const half = join(dir, 'half.ndjson');
    await writeFile(half, `${all.slice(0, 10).join('\n')}\n`);
    const target = `sqlite:${join(dir, 'partial.db')}`;
    expect((await factum(['import', half, '--store', target])).stdout).toBe('imported 10 events\n');
    const rest = await factum(['import', join(dir, 'first.ndjson'), '--store', target, '--append']);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toBe(`imported ${all.length - 10} events, skipped 10 already there\n`);

    const changed = all.map((line, i) =>
      i === 3 ? JSON.stringify({ ...(JSON.parse(line) as Line), id: 'someone-else' }) : line,
    );
    const conflicting = join(dir, 'conflicting.ndjson');
    await writeFile(conflicting, `${changed.join('\n')}\n`);
    const conflict = await factum(['import', conflicting, '--store', target, '--append']);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('the file conflicts with the store');
  });

  it('checks the whole file first: a malformed line or a gap in versions imports nothing (exit 2)', async () => {
    const all = (await readFile(join(dir, 'first.ndjson'), 'utf8')).trim().split('\n');
    const broken = join(dir, 'broken.ndjson');
    const gap = all.filter((line) => {
      const l = JSON.parse(line) as Line;
      return !(l.streamId === 'order-1' && l.version === 2);
    });
    await writeFile(broken, `${[...gap.slice(0, -1), '{"id": 1}', 'not json'].join('\n')}\n`);
    const target = join(dir, 'untouched.db');
    const [result, missing] = await Promise.all([
      factum(['import', broken, '--store', `sqlite:${target}`]),
      factum(['import', join(dir, 'nope.ndjson'), '--store', `sqlite:${target}`]),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("stream 'order-1' goes from version 1 to 3");
    expect(result.stderr).toMatch(
      /broken\.ndjson:\d+: 'id' must be a non-empty string; 'streamId' must/,
    );
    expect(result.stderr).toMatch(/broken\.ndjson:\d+: not JSON/);
    expect(result.stderr).toContain('nothing was imported');
    expect(missing.code).toBe(2);
    const count = await factum(['export', '--store', `sqlite:${target}`]);
    expect(count.code).toBe(3);
  });
});
