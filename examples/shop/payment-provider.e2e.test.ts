/**
 * The shop and its simulated payment provider talking over a real NATS JetStream server: the shop
 * publishes its facts, the provider captures a payment the customer agreed to and publishes
 * `payment.captured`, and the shop's inbound mapping makes it the customer's execute and declare —
 * after which the shop's own rules accept the payment and request the shipment.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '../../src/app/serve.ts';
import {
  runNatsTests,
  startNatsServer,
  type TestNatsServer,
} from '../../src/integrations/nats/nats-server.test-support.ts';
import { shopModel } from './model.ts';
import { runPaymentProvider } from './payment-provider.ts';
import { waitFor } from '../../test/fixtures/wait-for.ts';

let nats: TestNatsServer;
let server: RunningServer;
let provider: { close(): Promise<void> } | undefined;
let dataDir: string;
const captured: string[] = [];

beforeAll(async () => {
  if (!runNatsTests) return;
  nats = await startNatsServer();
  dataDir = await mkdtemp(join(tmpdir(), 'factum-provider-'));
  server = await serve({
    model: shopModel,
    storeUrl: 'memory:',
    port: 0,
    host: '127.0.0.1',
    dataDir,
    authMode: 'demo',
    logLevel: 'silent',
    demoData: true,
    nats: { url: nats.url },
    natsInbox: { url: nats.url },
  });
});

afterAll(async () => {
  await provider?.close();
  await server?.close();
  await nats?.dispose();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe.runIf(runNatsTests)('the shop with its payment provider over NATS', () => {
  it('takes the provider’s capture as the customer’s payment, and ships the order', async () => {
    const { factum } = server;
    const ordered = await factum.perform({
      kind: 'TK01',
      act: 'request',
      performer: { actor: 'alice', role: 'CA01' },
      payload: {
        lines: [{ sku: 'MUG-001', qty: 2 }],
        shippingAddress: { name: 'A', street: 'S 1', city: 'C', postcode: 'P', country: 'NL' },
      },
    });
    if (!ordered.ok) throw new Error(ordered.error.message);
    const order = ordered.value.transactionId;
    const payment = `${order}.TK02`;
    await waitFor('the payment to be requested', async () => {
      return (await factum.engine.reader.transaction(payment))?.status === 'requested';
    });
    // The provider follows the shop's stream, which its first published fact has created.
    provider = await runPaymentProvider({
      url: nats.url,
      onCaptured: (captures) => captured.push(captures),
    });
    // The customer agrees to pay; the provider captures, and the rest follows by itself.
    const promised = await factum.perform({
      transactionId: payment,
      act: 'promise',
      performer: { actor: 'alice', role: 'CA01' },
    });
    expect(promised.ok).toBe(true);
    await waitFor('the shipment to be requested', async () => {
      return (await factum.engine.reader.transaction(`${order}.TK03`))?.status === 'requested';
    });
    expect(captured).toEqual([payment]);
    const state = await factum.engine.reader.transaction(payment);
    expect(state?.status).toBe('accepted');
    expect(state?.product).toBeNull();
    // Operators see it in the metrics.
    const metrics = await (await fetch(server.metricsUrl ?? '')).text();
    expect(metrics).toMatch(
      /^factum_inbound_events_total\{type="payment\.captured",outcome="performed"\} 1$/m,
    );
  });
});
