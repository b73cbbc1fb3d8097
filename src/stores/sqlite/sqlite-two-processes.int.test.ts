import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConcurrencyError, StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { sqliteEventStore } from './sqlite-event-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'factum-sqlite-two-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const childScript = fileURLToPath(new URL('./testing/child-appender.ts', import.meta.url));

interface ChildReport {
  readonly acked: string[];
  readonly unavailable: string[];
  readonly done: Promise<number | null>;
  readonly ready: Promise<void>;
}

function startChild(path: string, appends: number, tag: string): ChildReport {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, path, String(appends), tag],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acked: string[] = [];
  const unavailable: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { ready?: true; acked?: string[]; unavailable?: string };
    if (message.ready) markReady();
    if (message.acked) acked.push(...message.acked);
    if (message.unavailable !== undefined) unavailable.push(message.unavailable);
  });
  const done = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0) process.stderr.write(stderr);
      markReady();
      resolve(code);
    }),
  );
  return { acked, unavailable, done, ready };
}

describe('SQLite event store shared by two processes', () => {
  it('both append to one file; every acknowledged event is in the log once, and the file is intact', async () => {
    const path = join(dir, 'shared.db');
    const store = sqliteEventStore({ path, busyTimeoutMs: 10_000 });
    const appends = 150;
    const child = startChild(path, appends, 'child');
    await child.ready;

    const acked: string[] = [];
    let unavailable = 0;
    for (let i = 0; i < appends; i += 1) {
      const streamId = `shared-${i % 3}`;
      const ids = [`parent-${i}-a`, `parent-${i}-b`];
      const events = ids.map((id) => ({ id, type: 'Appended', data: { tag: 'parent', i } }));
      try {
        const version =
          i % 2 === 0 ? 'any' : ((await store.stream(streamId))?.version ?? 'no_stream');
        await store.append({ streamId, expectedVersion: version, events });
        acked.push(...ids);
      } catch (error) {
        if (error instanceof StoreUnavailableError) unavailable += 1;
        else if (!(error instanceof ConcurrencyError)) throw error;
      }
      // Pause like a real writer between acts (a tight loop would starve the other process, whose
      // busy handler sleeps between tries), and let the child's reports in.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(await child.done).toBe(0);

    const all = [];
    for await (const event of store.readAll({ batchSize: 64 })) all.push(event);
    const ids = all.map((e) => e.id);
    const expected = new Set([...acked, ...child.acked]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(expected);
    // Both processes really wrote, and most appends were acknowledged.
    expect(acked.length).toBeGreaterThan(appends);
    expect(child.acked.length).toBeGreaterThan(appends);
    expect(unavailable + child.unavailable.length).toBeLessThan(appends / 10);
    for (let i = 1; i < all.length; i += 1)
      expect(all[i]!.position > all[i - 1]!.position).toBe(true);
    for (const streamId of ['shared-0', 'shared-1', 'shared-2']) {
      const versions = all.filter((e) => e.streamId === streamId).map((e) => e.version);
      expect(versions).toEqual(versions.map((_, index) => index + 1));
    }
    // The two really ran at the same time: their events interleave in the global order.
    const switches = ids.filter(
      (id, index) => index > 0 && id.split('-')[0] !== ids[index - 1]!.split('-')[0],
    ).length;
    expect(switches).toBeGreaterThan(2);
    expect(await store.integrityCheck()).toBe('ok');
    await store.close();
  }, 60_000);
});
