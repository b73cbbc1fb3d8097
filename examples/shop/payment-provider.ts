/**
 * A simulated payment provider for the shop, talking to Factum only over NATS JetStream, as a real
 * one would: it follows the shop's published facts, and when a customer agrees to pay (the
 * payment's `promised` fact, a CloudEvent on `factum.shop.TK02.promised`) it captures the payment
 * and publishes `payment.captured` — a CloudEvent of its own — to `inbound.shop.payment.captured`,
 * which the shop's inbound mapping turns into the customer's execute and declare.
 *
 *   npm run shop:payment-provider -- [nats-url]     (default nats://127.0.0.1:4222)
 *
 * Run `npm start -- --nats nats://127.0.0.1:4222` beside it. Its durable consumer remembers where
 * it was; each capture's message id makes a repeat harmless.
 */
import { randomUUID } from 'node:crypto';
import { AckPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import { CloudEvent } from 'cloudevents';

export interface PaymentProviderOptions {
  readonly url: string;
  /** The stream of the shop's facts (default FACTUM). */
  readonly stream?: string;
  /** The subject prefix of the shop's facts (default factum). */
  readonly subjectPrefix?: string;
  /** Which fact of a payment makes it capture: the customer's promise (default) or the request. */
  readonly on?: 'promised' | 'requested';
  /** Told of each capture. */
  readonly onCaptured?: (payment: string) => void;
  /** Told when it waits for the shop to create a stream. */
  readonly onWaiting?: (stream: string) => void;
}

/** What the provider was asked to collect: a payment request's terms. */
interface PaymentTerms {
  readonly amount?: number;
  readonly currency?: string;
}

/** The `payment.captured` event for a payment, with the terms it was requested with (pure). */
export function captureOf(payment: string, terms: PaymentTerms | undefined): CloudEvent<object> {
  return new CloudEvent<object>({
    id: `captured-${payment}`,
    type: 'payment.captured',
    source: 'urn:example:payment-provider',
    subject: payment,
    datacontenttype: 'application/json',
    data: {
      payment,
      amount: terms?.amount ?? null,
      currency: terms?.currency ?? null,
      capture: randomUUID(),
    },
  });
}

/** Runs the provider until closed (impure). */
export async function runPaymentProvider(
  options: PaymentProviderOptions,
): Promise<{ close(): Promise<void> }> {
  const connection = await connect({ servers: options.url, name: 'example-payment-provider' });
  const stream = options.stream ?? 'FACTUM';
  const prefix = options.subjectPrefix ?? 'factum';
  const on = options.on ?? 'promised';
  const durable = `payment-provider-${on}`;
  const manager = await jetstreamManager(connection);
  // The shop makes both streams when it starts: the provider waits for them.
  for (const needed of [stream, 'FACTUM_INBOUND']) {
    let told = false;
    while (
      !(await manager.streams.info(needed).then(
        () => true,
        () => false,
      ))
    ) {
      if (!told) options.onWaiting?.(needed);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await manager.consumers.info(stream, durable).catch(() =>
    manager.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: `${prefix}.shop.TK02.*`,
    }),
  );
  const js = jetstream(connection);
  const messages: ConsumerMessages = await (await js.consumers.get(stream, durable)).consume();
  // The amounts the shop asked for, learnt from its payment requests.
  const requested = new Map<string, PaymentTerms>();
  const running = (async () => {
    for await (const message of messages) {
      const fact = message.json<{ subject?: string; factumfact?: string; data?: unknown }>();
      const payment = fact.subject ?? '';
      if (fact.factumfact === 'requested')
        requested.set(payment, (fact.data as { payload?: PaymentTerms }).payload ?? {});
      if (fact.factumfact !== on) {
        message.ack();
        continue;
      }
      const captured = captureOf(payment, requested.get(payment));
      requested.delete(payment);
      const h = headers();
      h.set('content-type', 'application/cloudevents+json');
      await js.publish(`inbound.shop.${captured.type}`, JSON.stringify(captured), {
        msgID: captured.id,
        headers: h,
      });
      options.onCaptured?.(payment);
      message.ack();
    }
  })();
  return {
    async close() {
      await messages.close();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const url = process.argv[2] ?? process.env['FACTUM_NATS_URL'] ?? 'nats://127.0.0.1:4222';
  const provider = await runPaymentProvider({
    url,
    onCaptured: (payment) => process.stdout.write(`captured ${payment}\n`),
    onWaiting: (stream) =>
      process.stdout.write(
        `waiting for the shop's stream ${stream}: serve the shop with --nats ${url}; the stream appears with its first published fact\n`,
      ),
  });
  process.stdout.write(`payment provider: capturing the shop's promised payments on ${url}\n`);
  process.once('SIGINT', () => void provider.close().then(() => process.exit(0)));
  process.once('SIGTERM', () => void provider.close().then(() => process.exit(0)));
}
