import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/app/serve.ts';
import { StoreUnavailableError } from '../../src/engine/ports/store-errors.ts';
import { SqliteEventStore } from '../../src/stores/sqlite/index.ts';
import { startEmbeddedServer, type EmbeddedServer } from '../global-setup.ts';
import {
  address,
  call,
  readLog,
  root,
  Scratch,
  serveShop,
  signToken,
  sleep,
  waitFor,
  type Answer,
} from './reliability.test-support.ts';

const scratch = new Scratch();
afterAll(() => scratch.dispose());

const order = (sku = 'TEA-010'): unknown => ({
  kind: 'TK01',
  payload: { lines: [{ sku, qty: 1 }], shippingAddress: address },
});

/** Places an order under an idempotency key; the answer and how long it took. */
async function placeOrder(
  base: string,
  token: string,
  key: string,
): Promise<{ answer: Answer; ms: number }> {
  const started = Date.now();
  const answer = await call(base, 'POST', '/api/transactions', {
    token,
    body: order(),
    headers: { 'idempotency-key': key },
  });
  return { answer, ms: Date.now() - started };
}

/** The SQLite event store a server runs on. */
function sqliteOf(server: RunningServer): SqliteEventStore {
  const { store } = server.stores;
  if (!(store instanceof SqliteEventStore)) throw new Error('not a SQLite store');
  return store;
}

/** Expects the answer of an unavailable store: 503, Retry-After, problem+json, nothing leaked. */
function expectUnavailable(answer: Answer): void {
  expect(answer.status, answer.text).toBe(503);
  expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(answer.body).toMatchObject({ status: 503, code: 'StoreUnavailable' });
  expect(answer.text).not.toMatch(/\bat .*\.(ts|js):\d+|ECONNREFUSED|SQLITE_/);
}

/** Every acknowledged order is in the log exactly once, and the agent answered each order once. */
async function expectAcknowledgedOnce(
  server: RunningServer,
  acknowledged: ReadonlyMap<string, string>,
): Promise<void> {
  const log = await readLog(server.stores);
  for (const [key, transactionId] of acknowledged) {
    expect(
      log.filter((e) => e.streamId === transactionId && e.type === 'OrderRequested').length,
      key,
    ).toBe(1);
  }
  for (const request of log.filter((e) => e.type === 'OrderRequested')) {
    expect(
      log.filter(
        (e) =>
          e.streamId === request.streamId &&
          (e.type === 'OrderPromised' || e.type === 'OrderDeclined'),
      ).length,
      `the agent's answer to ${request.streamId}`,
    ).toBe(1);
  }
}

/** Polls the health endpoint until every projection and agent runs here without error, caught up. */
async function expectHealthy(server: RunningServer): Promise<void> {
  let last = '';
  try {
    await waitFor(
      'the server to report itself healthy',
      async () => {
        const health = await call(server.url, 'GET', '/api/health');
        last = health.text;
        const body = health.body as {
          status?: string;
          projections?: { lag: string; running: boolean }[];
          agents?: { lag: string; running: boolean }[];
        };
        // Every runner back under its lease (one lost while the database was away is taken
        // again) and caught up.
        return (
          health.status === 200 &&
          body.status === 'ok' &&
          [...(body.projections ?? []), ...(body.agents ?? [])].every(
            (runner) => runner.running && runner.lag === '0',
          )
        );
      },
      20_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last health: ${last}`);
  }
}

describe('PostgreSQL stopped and started under load', () => {
  // A server of its own: this test stops and starts it.
  let database: EmbeddedServer;
  beforeAll(async () => {
    database = await startEmbeddedServer();
  }, 60_000);
  afterAll(async () => {
    await database.destroy();
  });

  it('answers 503 with Retry-After fast while it is down, recovers by itself, loses nothing acknowledged', async () => {
    const target = new URL(database.url);
    target.searchParams.set('schema', 'outage');
    const server = await serveShop(target.toString(), scratch.dir());
    try {
      const acknowledged = new Map<string, string>();
      const unanswered: string[] = [];
      const downAnswers: { status: number; ms: number }[] = [];
      let phase: 'up' | 'down' | 'restarted' = 'up';
      let recoveredAfterMs: number | undefined;
      let restartedAt = 0;
      let running = true;
      const clients = Array.from({ length: 3 }, async (_, c) => {
        const token = await signToken(`c${c}`, ['CA01']);
        for (let i = 0; running; i += 1) {
          const key = `c${c}-${i}`;
          const { answer, ms } = await placeOrder(server.url, token, key);
          if (answer.status === 201 || answer.status === 200) {
            acknowledged.set(key, answer.body['transactionId'] as string);
            if (phase === 'restarted') recoveredAfterMs ??= Date.now() - restartedAt;
          } else {
            expectUnavailable(answer);
            unanswered.push(key);
            if (phase === 'down') downAnswers.push({ status: answer.status, ms });
            await sleep(50);
          }
        }
      });
      await waitFor('orders acknowledged before the stop', () => acknowledged.size >= 5);
      const beforeStop = acknowledged.size;
      await database.stop();
      phase = 'down';
      await waitFor('acts refused while the database is down', () => downAnswers.length >= 3);
      await database.start();
      restartedAt = Date.now();
      phase = 'restarted';
      await waitFor(
        'an order acknowledged after the restart',
        () => recoveredAfterMs !== undefined,
      );
      const recovered = acknowledged.size;
      await waitFor('more orders after the recovery', () => acknowledged.size >= recovered + 3);
      running = false;
      await Promise.all(clients);

      expect(beforeStop, 'orders before the stop').toBeGreaterThan(0);
      expect(downAnswers.length, 'acts refused while down').toBeGreaterThan(0);
      // Fail fast: no request waits for the database to come back.
      expect(Math.max(...downAnswers.map((a) => a.ms))).toBeLessThan(6_000);
      expect(recoveredAfterMs, 'recovered within 15 s of the restart').toBeLessThan(15_000);

      // Resending what was refused, under the same key, appends each order once.
      const token = await signToken('c0', ['CA01']);
      for (const key of unanswered) {
        const actor = key.split('-')[0] ?? 'c0';
        const { answer } = await placeOrder(
          server.url,
          actor === 'c0' ? token : await signToken(actor, ['CA01']),
          key,
        );
        expect([200, 201], answer.text).toContain(answer.status);
        acknowledged.set(key, answer.body['transactionId'] as string);
      }
      await expectHealthy(server);
      await server.factum.settle();
      await expectAcknowledgedOnce(server, acknowledged);
    } finally {
      await server.close();
    }
  }, 90_000);
});

describe('SQLite in trouble', () => {
  it('locked by another process: 503 after the busy timeout, reads go on, then it works again', async () => {
    const dir = scratch.dir();
    const file = join(dir, 'factum.db');
    const server = await serveShop(`sqlite:${file}`, dir);
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/fixtures/sqlite-lock-holder.ts'), file],
      { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const holderExited = new Promise((resolve) => holder.once('exit', resolve));
    try {
      const alice = await signToken('alice', ['CA01']);
      const first = await placeOrder(server.url, alice, 'before-lock');
      expect(first.answer.status).toBe(201);
      await server.factum.settle();
      const before = (await readLog(server.stores)).length;

      await new Promise<void>((resolve) =>
        createInterface({ input: holder.stdout }).on('line', (line) => {
          if (line === 'locked') resolve();
        }),
      );
      const locked = await placeOrder(server.url, alice, 'during-lock');
      expectUnavailable(locked.answer);
      // Readers are not blocked by a writer in WAL mode.
      const read = await call(
        server.url,
        'GET',
        `/api/transactions/${String(first.answer.body['transactionId'])}`,
        { token: alice },
      );
      expect(read.status).toBe(200);

      holder.stdin.end();
      await holderExited;
      const after = await placeOrder(server.url, alice, 'during-lock');
      expect(after.answer.status, after.answer.text).toBe(201);
      await expectHealthy(server);
      await server.factum.settle();
      expect((await readLog(server.stores)).length).toBeGreaterThan(before);
      await expectAcknowledgedOnce(
        server,
        new Map([
          ['before-lock', first.answer.body['transactionId'] as string],
          ['during-lock', after.answer.body['transactionId'] as string],
        ]),
      );
      expect(await sqliteOf(server).integrityCheck()).toBe('ok');
    } finally {
      holder.kill('SIGKILL');
      await server.close();
    }
  }, 60_000);

  it('on a full disk: 503, reads go on, nothing corrupted, and acts work again once there is room', async () => {
    const dir = scratch.dir();
    const mountPoint = join(dir, 'disk');
    mkdirSync(mountPoint);
    // The disk is a tiny tmpfs when we may mount one (root, as in CI containers); otherwise SQLite's
    // `PRAGMA max_page_count` on the server's connection makes the database 'full' instead.
    let mounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1536k', 'tmpfs', mountPoint], {
        stdio: 'ignore',
      });
      mounted = true;
    } catch {
      mounted = false;
    }
    const file = join(mountPoint, 'factum.db');
    const server = await serveShop(`sqlite:${file}`, dir);
    const database = sqliteOf(server).database;
    try {
      if (!mounted) {
        const pages = database.pragma('page_count', { simple: true }) as number;
        database.pragma(`max_page_count = ${pages + 40}`);
      }
      const alice = await signToken('alice', ['CA01']);
      const acknowledged = new Map<string, string>();
      let full: Answer | undefined;
      for (let i = 0; i < 3000 && full === undefined; i += 1) {
        const { answer } = await placeOrder(server.url, alice, `fill-${i}`);
        if (answer.status === 201)
          acknowledged.set(`fill-${i}`, answer.body['transactionId'] as string);
        else full = answer;
      }
      expect(full, 'the disk filled up').toBeDefined();
      expectUnavailable(full!);
      expect(acknowledged.size).toBeGreaterThan(0);
      // The server keeps serving reads, and says the store is in trouble rather than failing.
      const list = await call(server.url, 'GET', '/api/transactions?limit=5', {
        token: await signToken('fran', ['A01']),
      });
      expect(list.status).toBe(200);
      expect(database.pragma('integrity_check', { simple: true })).toBe('ok');

      // Room again: the refused act goes through, views and agent catch up.
      if (mounted) execFileSync('mount', ['-o', 'remount,size=64m', mountPoint]);
      else database.pragma('max_page_count = 1073741823');
      const retried = await placeOrder(server.url, alice, 'after-full');
      expect(retried.answer.status, retried.answer.text).toBe(201);
      acknowledged.set('after-full', retried.answer.body['transactionId'] as string);
      await expectHealthy(server);
      await server.factum.settle();
      await expectAcknowledgedOnce(server, acknowledged);
      expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await server.close();
      if (mounted) execFileSync('umount', [mountPoint]);
    }
  }, 90_000);

  it.runIf(process.getuid?.() === 0)(
    'on a read-only file system: the server refuses to start with a clear error, the file untouched',
    async () => {
      const dir = scratch.dir();
      const mountPoint = join(dir, 'ro');
      mkdirSync(mountPoint);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
      try {
        const file = join(mountPoint, 'factum.db');
        const first = await serveShop(`sqlite:${file}`, dir);
        await first.close();
        const digest = (): string => createHash('sha256').update(readFileSync(file)).digest('hex');
        const before = digest();
        execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
        const error = await serveShop(`sqlite:${file}`, dir).then(
          async (server) => {
            await server.close();
            return undefined;
          },
          (failure: unknown) => failure,
        );
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message).toContain(file);
        expect((error as Error).message).toMatch(/cannot be opened|read-only/);
        expect(digest()).toBe(before);
      } finally {
        execFileSync('umount', [mountPoint]);
      }
    },
    30_000,
  );
});
