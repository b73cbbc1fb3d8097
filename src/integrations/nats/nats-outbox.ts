/**
 * The NATS outbox of a running model: the relay that publishes the model's facts as CloudEvents to
 * a JetStream stream, configured by `serve --nats` (or `FACTUM_NATS_URL`, `FACTUM_NATS_STREAM`,
 * `FACTUM_NATS_SUBJECT_PREFIX`). Off unless a URL is given.
 */
import { OutboxRelay } from '../../engine/outbox/outbox-relay.ts';
import type { EventStore } from '../../engine/ports/event-store.ts';
import type { ViewStore } from '../../engine/ports/view-store.ts';
import type { Model } from '../../model/model.ts';
import { defaultSubjectPrefix, factMessage } from '../cloudevents/fact-cloudevent.ts';
import { JetStreamPublisher } from './jetstream-publisher.ts';

/** Where the facts go: the server, the stream and the subjects' first token. */
export interface NatsOutboxOptions {
  readonly url: string;
  /** Default `FACTUM`. */
  readonly stream?: string;
  /** Default `factum`: facts go to `<prefix>.<model>.<kind>.<fact>`. */
  readonly subjectPrefix?: string;
  readonly onError?: (error: unknown) => void;
}

/** The default JetStream stream name. */
export const defaultStreamName = 'FACTUM';

/** A relay and the publisher it owns. */
export interface NatsOutbox {
  readonly relay: OutboxRelay;
  close(): Promise<void>;
}

/** Creates the relay publishing a model's facts to NATS JetStream; run it under a lease (impure). */
export function natsOutbox(
  model: Model,
  store: EventStore,
  views: ViewStore,
  options: NatsOutboxOptions,
): NatsOutbox {
  const subjectPrefix = options.subjectPrefix ?? defaultSubjectPrefix;
  const problem = subjectPrefixProblem(subjectPrefix);
  if (problem !== undefined) throw new Error(problem);
  const publisher = new JetStreamPublisher({
    url: options.url,
    stream: options.stream ?? defaultStreamName,
    subjectPrefix,
  });
  const relay = new OutboxRelay(store, views, publisher, {
    toMessage: factMessage(model.name, subjectPrefix),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  return { relay, close: () => publisher.close() };
}

/** Why a subject prefix cannot be used, or undefined when it can (pure). */
export function subjectPrefixProblem(prefix: string): string | undefined {
  return /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix)
    ? undefined
    : `'${prefix}' is not a NATS subject prefix: dot-separated tokens of letters, digits, _ and -.`;
}
