import { afterAll, describe, expect, it } from 'vitest';
import { openStores, type OpenStores } from '../../src/app/open-stores.ts';
import { createFactum } from '../../src/engine/factum.ts';
import type { RecordedEvent } from '../../src/engine/ports/event-store.ts';
import { shopModel } from '../../examples/shop/model.ts';
import {
  address,
  call,
  readLog,
  Scratch,
  shopViewNames,
  signToken,
  sleep,
  snapshotViews,
  startServeProcess,
  waitFor,
  type ServeProcess,
} from './reliability.test-support.ts';

const scratch = new Scratch();
afterAll(() => scratch.dispose());

const skus = ['TEA-010', 'FLT-040', 'BEA-060', 'MUG-001', 'LTD-070'];

/** An act the load driver sends until it is acknowledged: its idempotency key makes resending safe. */
interface Attempt {
  readonly key: string;
  readonly what: 'order' | 'pay';
  readonly actor: string;
  readonly path: string;
  readonly body: unknown;
}

/** An acknowledged act: the transaction it went to and the fact type it appended. */
interface Acknowledged {
  readonly key: string;
  readonly transactionId: string;
  readonly factType: 'OrderRequested' | 'PaymentPromised';
}

/**
 * Clients ordering and paying over HTTP. Each act carries an Idempotency-Key; an act whose answer
 * was lost (the server died) is sent again, with the same key, to the next server.
 */
class LoadDriver {
  readonly acknowledged: Acknowledged[] = [];
  readonly unanswered: Attempt[] = [];
  readonly #tokens = new Map<string, string>();
  readonly #orders: { actor: string; id: string }[] = [];
  #sequence = 0;

  async token(actor: string): Promise<string> {
    let token = this.#tokens.get(actor);
    if (token === undefined) {
      token = await signToken(actor, ['CA01']);
      this.#tokens.set(actor, token);
    }
    return token;
  }

  next(actor: string): Attempt {
    this.#sequence += 1;
    const mine = this.#orders.filter((order) => order.actor === actor);
    const order = mine[Math.floor(Math.random() * mine.length)];
    if (order !== undefined && Math.random() < 0.3) {
      return {
        key: `pay-${order.id}`,
        what: 'pay',
        actor,
        path: `/api/transactions/${order.id}.TK02/acts/promise`,
        body: {},
      };
    }
    const sku = skus[Math.floor(Math.random() * skus.length)] ?? 'TEA-010';
    return {
      key: `${actor}-order-${this.#sequence}`,
      what: 'order',
      actor,
      path: '/api/transactions',
      body: { kind: 'TK01', payload: { lines: [{ sku, qty: 1 }], shippingAddress: address } },
    };
  }

  /** Sends one act; true when it was answered (acknowledged or refused), false when the answer was lost. */
  async send(base: string, attempt: Attempt): Promise<boolean> {
    let answer;
    try {
      answer = await call(base, 'POST', attempt.path, {
        token: await this.token(attempt.actor),
        body: attempt.body,
        headers: { 'idempotency-key': attempt.key },
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      return false;
    }
    if (answer.status === 503) return false;
    if (answer.status === 200 || answer.status === 201) {
      const transactionId = answer.body['transactionId'] as string;
      this.acknowledged.push({
        key: attempt.key,
        transactionId,
        factType: attempt.what === 'order' ? 'OrderRequested' : 'PaymentPromised',
      });
      if (attempt.what === 'order') this.#orders.push({ actor: attempt.actor, id: transactionId });
      return true;
    }
    // A payment promised before, or not yet requested: refused, nothing to resend. Nothing else.
    expect(attempt.what, `${attempt.path} → ${answer.status} ${answer.text}`).toBe('pay');
    expect([404, 409]).toContain(answer.status);
    return true;
  }

  /** Resends what was left unanswered, then runs `workers` clients until `stop` resolves. */
  async run(base: string, workers: number, stop: Promise<void>): Promise<void> {
    let stopped = false;
    void stop.then(() => {
      stopped = true;
    });
    for (const attempt of this.unanswered.splice(0)) {
      if (!(await this.send(base, attempt))) this.unanswered.push(attempt);
    }
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        while (!stopped) {
          const attempt = this.next(`c${w}`);
          if (!(await this.send(base, attempt))) {
            this.unanswered.push(attempt);
            return;
          }
        }
      }),
    );
  }
}

/**
 * Waits until the restarted server has taken its leases back (a killed holder's expire after 5 s),
 * its views and its agent have caught up with the log, and the log stopped growing. The agent's
 * position is read from the database: the health endpoint reports only the views.
 */
async function quiesce(server: ServeProcess, stores: OpenStores): Promise<void> {
  let lastHead: string | undefined;
  await waitFor(
    'the server to settle',
    async () => {
      const health = (await call(server.url, 'GET', '/api/health')).body as {
        head: string | null;
        projections: { lag: string; running: boolean }[];
      };
      const head = await stores.store.head();
      const agent = (await stores.views.checkpoint('agent:rules'))?.checkpoint;
      const settled =
        health.projections.every((p) => p.running && p.lag === '0') &&
        agent === head &&
        health.head === head &&
        head === lastHead;
      lastHead = head;
      if (!settled) await sleep(400);
      return settled;
    },
    45_000,
  );
}

const byType = (log: readonly RecordedEvent[], type: string): RecordedEvent[] =>
  log.filter((event) => event.type === type);

describe.each(['sqlite', 'postgres'] as const)(
  'factum serve killed with SIGKILL under load, on %s',
  (store) => {
    it('keeps every acknowledged act once, no half-written append, views and agent as rebuilt', async () => {
      const storeUrl = scratch.storeUrl(store, 'crash');
      const dataDir = scratch.dir();
      const driver = new LoadDriver();
      const kills: number[] = [];
      for (let cycle = 0; cycle < 3; cycle += 1) {
        const server = await startServeProcess(storeUrl, dataDir);
        const delay = 300 + Math.floor(Math.random() * 1200);
        kills.push(delay);
        const load = driver.run(server.url, 4, sleep(delay + 2000));
        await sleep(delay);
        server.child.kill('SIGKILL');
        expect(await server.exited).toBeNull();
        await load;
      }
      // The last server runs to the end: it resumes the views and the agent and drains the resends.
      const server = await startServeProcess(storeUrl, dataDir);
      await driver.run(server.url, 2, sleep(300));
      expect(driver.unanswered, `kills after ${kills.join(', ')} ms`).toEqual([]);
      const stores = await openStores(storeUrl);
      try {
        await quiesce(server, stores);
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);

        const log = await readLog(stores);
        const context = `kills after ${kills.join(', ')} ms; ${driver.acknowledged.length} acts acknowledged, ${log.length} events`;
        expect(driver.acknowledged.length, context).toBeGreaterThan(10);

        // Every acknowledged act is in the log exactly once.
        for (const ack of driver.acknowledged) {
          const found = log.filter(
            (event) => event.streamId === ack.transactionId && event.type === ack.factType,
          );
          expect(found.length, `${ack.key} → ${ack.transactionId} (${context})`).toBe(1);
        }
        expect(new Set(log.map((event) => event.id)).size, context).toBe(log.length);

        // No append half-written: each promise with its reservation, each child with its tree event.
        const ids = new Set(log.map((event) => event.id));
        const promised = byType(log, 'OrderPromised');
        const reserved = byType(log, 'StockReserved');
        expect(promised.length, context).toBeGreaterThan(0);
        for (const promise of promised) {
          expect(
            reserved.filter((r) => r.id.startsWith(`${promise.id}:stock:`)).length,
            `reservation of ${promise.streamId}`,
          ).toBe(1);
        }
        for (const reservation of reserved)
          expect(ids.has(reservation.id.split(':stock:')[0] ?? ''), reservation.id).toBe(true);
        const childRequests = log.filter(
          (event) =>
            !event.streamId.includes(':') && (event.data as { parent?: unknown }).parent != null,
        );
        expect(childRequests.length, context).toBeGreaterThan(0);
        const treeEvents = byType(log, 'ChildInitiated');
        for (const child of childRequests) {
          const parent = (child.data as { parent: { transactionId: string } }).parent.transactionId;
          expect(
            treeEvents.filter((t) => t.id === `${child.id}:child`).map((t) => t.streamId),
            `tree event of ${child.streamId}`,
          ).toEqual([`tree:${parent}`]);
        }
        expect(treeEvents.length).toBe(childRequests.length);

        // The agent answered every order once, and no rule fired twice.
        const parked = (await stores.views.query('parked', { limit: 1000 })).rows;
        expect(parked, `rules parked (${context})`).toEqual([]);
        for (const request of byType(log, 'OrderRequested')) {
          const answers = log.filter(
            (event) =>
              event.streamId === request.streamId &&
              (event.type === 'OrderPromised' || event.type === 'OrderDeclined'),
          );
          expect(
            answers.length,
            `answers to ${request.streamId} at ${request.checkpoint}, agent at ${JSON.stringify((await stores.views.checkpoint('agent:rules'))?.checkpoint)} (${context})`,
          ).toBe(1);
        }
        const paymentRequests = byType(log, 'PaymentRequested');
        for (const promise of promised) {
          expect(
            paymentRequests.filter(
              (p) =>
                (p.data as { parent?: { transactionId?: string } }).parent?.transactionId ===
                promise.streamId,
            ).length,
            `payment requests of ${promise.streamId} (${context})`,
          ).toBe(1);
        }
        expect(paymentRequests.length).toBe(promised.length);

        // Every view resumed from its checkpoint and equals a rebuild from the log; the agent is
        // at the head, and a new agent replaying the whole log adds nothing (it decides the same).
        const factum = createFactum({ model: shopModel, store: stores.store, views: stores.views });
        const head = await stores.store.head();
        for (const runner of factum.projections)
          expect((await stores.views.checkpoint(runner.projection.name))?.checkpoint).toBe(head);
        expect((await stores.views.checkpoint('agent:rules'))?.checkpoint).toBe(head);
        const resumed = await snapshotViews(stores, shopViewNames);
        for (const runner of factum.projections) await runner.rebuild();
        expect(await snapshotViews(stores, shopViewNames)).toEqual(resumed);

        const replay = createFactum({
          model: shopModel,
          store: stores.store,
          views: stores.views,
          agentOptions: { name: 'agent:replay', timerIntervalMs: 3_600_000 },
        });
        await replay.start();
        await replay.settle();
        await replay.stop();
        expect((await readLog(stores)).length, context).toBe(log.length);
        const stock = (await factum.queries.ledger('stock')).items;
        for (const row of stock) {
          const { onHand, reserved: held } = row as unknown as { onHand: number; reserved: number };
          expect(held).toBeLessThanOrEqual(onHand);
        }
      } finally {
        server.child.kill('SIGKILL');
        await stores.close();
      }
    }, 150_000);
  },
);
