/**
 * The AsyncAPI 3.0 document of the events Factum publishes for a model: one channel per transaction
 * kind and fact (C-fact or P-fact), on the broker subject `<prefix>.<model>.<kind>.<fact>` that the
 * NATS outbox publishes to, with a `send` operation each and one message named by the business event
 * type (`OrderPromised`). Each message is the fact as a CloudEvent 1.0 in structured mode, exactly as
 * `fact-cloudevent.ts` builds it; its `data` carries the kind's JSON Schemas where the engine holds a
 * fact to one: the request's terms (`payload`) and the product data on execute (`productPayload`).
 * The events a model consumes are its inbound mappings' CloudEvents types, each on its default
 * subject `inbound.<model>.<type>` with a `receive` operation (`AsyncApiOptions.receives` replaces
 * them, e.g. for a server configured with other subjects).
 */
import {
  businessFactType,
  factKinds,
  revocationRules,
  standardTransitions,
  type Act,
  type FactKind,
  type JsonObject,
  type JsonValue,
  type Party,
  type RevocableAct,
} from '../../core/index.ts';
import type { Model, TransactionKindDef } from '../../model/model.ts';
import {
  cloudEventMediaType,
  defaultSubjectPrefix,
  factEventType,
  factSubject,
  modelSource,
  subjectToken,
} from '../cloudevents/fact-cloudevent.ts';
import { stringify } from 'yaml';

/** The AsyncAPI version the document follows. */
export const asyncApiVersion = '3.0.0';

/** The NATS server the document names: a local broker, as `factum serve --nats` defaults to. */
export const defaultNatsServer = { host: 'localhost:4222', protocol: 'nats' } as const;

/** An event the model consumes from elsewhere: a channel Factum receives on (the extension point). */
export interface ConsumedEvent {
  /** The broker subject it arrives on. */
  readonly address: string;
  /** The message's name, e.g. the producer's business event type. */
  readonly name: string;
  /** The message's content type; a CloudEvent in structured mode unless said otherwise. */
  readonly contentType?: string;
  /** The schema of the message body. */
  readonly payload?: JsonObject;
  readonly description?: string;
}

/** What the document is built with besides the model. */
export interface AsyncApiOptions {
  /** The first token of every subject (`factum` by default). */
  readonly subjectPrefix?: string;
  /** The document's `info.version` (`1` by default). */
  readonly version?: string;
  /** Where the broker listens. */
  readonly server?: { readonly host: string; readonly protocol: string };
  /** Events the model consumes (default: its inbound mappings'): each a channel with a `receive` operation. */
  readonly receives?: readonly ConsumedEvent[];
}

/** The events a model's inbound mappings take, on their default subjects (pure). */
export function inboundEvents(model: Model): ConsumedEvent[] {
  return (model.inbound ?? []).map((mapping) => ({
    address: `inbound.${subjectToken(model.name)}.${mapping.type}`,
    name: mapping.type,
    description: `${mapping.description ?? `Taken by the inbound mapping '${mapping.id}'.`} Performed as ${mapping.role}.`,
    payload: {
      type: 'object',
      description: 'A CloudEvent 1.0 (structured mode; binary mode with ce- headers is taken too).',
      required: ['specversion', 'id', 'type', 'source'],
      properties: {
        specversion: { type: 'string', const: '1.0' },
        id: {
          type: 'string',
          description: 'Unique per event: a repeat with the same id performs nothing.',
        },
        type: { type: 'string', const: mapping.type },
        source: { type: 'string' },
        subject: { type: 'string' },
        time: { type: 'string', format: 'date-time' },
        data: { description: 'What the mapping reads as event.data.' },
      },
    },
  }));
}

/** How a fact comes about: the act that creates it, the parties that may perform it, what it revokes. */
interface FactOrigin {
  readonly act: Act;
  readonly parties: readonly Party[];
  readonly revokes: readonly RevocableAct[];
}

/** Reads the pattern's tables for the act behind a fact (pure). */
function originOf(fact: FactKind): FactOrigin {
  const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
  const standard = standardTransitions.filter((t) => t.fact === fact);
  const first = standard[0];
  if (first !== undefined)
    return { act: first.act, parties: unique(standard.map((t) => t.by)), revokes: [] };
  const revoking = revocationRules.filter((r) => r.fact === fact);
  if (revoking.length > 0)
    return {
      act: 'revoke',
      parties: unique(revoking.map((r) => r.by)),
      revokes: revoking.map((r) => r.revokes),
    };
  // revocationAllowed and revocationRefused: the addressee of the revocation answers it.
  return {
    act: fact === 'revocationAllowed' ? 'allow' : 'refuse',
    parties: unique(revocationRules.map((r) => r.answeredBy)),
    revokes: revocationRules.map((r) => r.revokes),
  };
}

/** A `$ref` to a schema of the document's components (pure). */
function schemaRef(name: string): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** A component name: the characters AsyncAPI allows in a components key (pure). */
function componentKey(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** `const` for one value, `enum` for several (pure). */
function oneOf(values: readonly string[]): JsonObject {
  return values.length === 1 ? { const: values[0] ?? '' } : { enum: [...values] };
}

/** The schema of the fact's `payload`: the kind's schema where the engine checks the act against it (pure). */
function payloadSchema(kindId: string, kind: TransactionKindDef, fact: FactKind): JsonValue {
  const key = componentKey(kindId);
  if (fact === 'requested' && kind.payload !== undefined) return schemaRef(`${key}Payload`);
  if (fact === 'executed' && kind.productPayload !== undefined)
    return schemaRef(`${key}ProductPayload`);
  if (fact === 'declared' && kind.productPayload !== undefined)
    return {
      description: `The product as declared: what execute produced (${key}ProductPayload) unless the declaration states otherwise, so it is not checked.`,
    };
  return { description: 'Whatever the act carries (a reason, a note), or null.' };
}

/** The CloudEvent's `data`: the fact without the attributes the envelope carries (pure). */
function dataSchema(
  model: Model,
  kindId: string,
  kind: TransactionKindDef,
  fact: FactKind,
): JsonObject {
  const origin = originOf(fact);
  const roleOf = (party: Party): string => (party === 'initiator' ? kind.initiator : kind.executor);
  const performerParties = origin.parties;
  const addresseeParties = performerParties.map((p): Party =>
    p === 'initiator' ? 'executor' : 'initiator',
  );
  const party = (parties: readonly Party[], actor: boolean): JsonObject => ({
    type: 'object',
    properties: {
      role: { type: 'string', ...oneOf(parties.map(roleOf)) },
      actor: { type: 'string' },
      party: { type: 'string', ...oneOf(parties) },
    },
    required: actor ? ['actor', 'role', 'party'] : ['role', 'party'],
  });
  const starts = fact === 'requested';
  return {
    type: 'object',
    description: `${model.name}: ${kindId} ${kind.label ?? kind.name} (${kind.product}), ${fact}.`,
    properties: {
      kind: { type: 'string', const: kindId },
      fact: { type: 'string', const: fact },
      act: { type: 'string', const: origin.act },
      ...(origin.revokes.length === 0
        ? {}
        : { revokes: { type: 'string', ...oneOf(origin.revokes) } }),
      transactionId: { type: 'string' },
      performer: party(performerParties, true),
      addressee: party(addresseeParties, false),
      operativeTime: { type: 'string', format: 'date-time' },
      justification: { type: 'string' },
      payload: payloadSchema(kindId, kind, fact),
      ...(starts
        ? {
            parties: {
              type: 'object',
              description: "The transaction's parties (a personal role binds its actor).",
              properties: {
                initiator: schemaRef('PartyBinding'),
                executor: schemaRef('PartyBinding'),
              },
            },
            parent: {
              type: 'object',
              description: 'On the first request of a child transaction: its parent.',
              properties: { transactionId: { type: 'string' }, kind: { type: 'string' } },
              required: ['transactionId', 'kind'],
            },
          }
        : {}),
    },
    required: [
      'kind',
      'fact',
      'act',
      ...(origin.revokes.length === 0 ? [] : ['revokes']),
      'transactionId',
      'performer',
      'addressee',
      'payload',
    ],
  };
}

/** The whole CloudEvent in structured mode, as `factCloudEvent` builds it (pure). */
function envelopeSchema(
  model: Model,
  kindId: string,
  kind: TransactionKindDef,
  fact: FactKind,
): JsonObject {
  return {
    type: 'object',
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: {
        type: 'string',
        description: "The act's id: re-sending the act publishes nothing new.",
      },
      type: { type: 'string', const: factEventType(model.name, businessFactType(kind.name, fact)) },
      source: { type: 'string', const: modelSource(model.name) },
      subject: { type: 'string', description: "The transaction's id." },
      time: { type: 'string', format: 'date-time', description: 'When the act was performed.' },
      datacontenttype: { type: 'string', const: 'application/json' },
      correlationid: {
        type: 'string',
        description: 'Shared by every fact of one business process (its root transaction).',
      },
      causationid: { type: 'string', description: 'The fact that led to this act, if any.' },
      factumkind: { type: 'string', const: kindId },
      factumfact: { type: 'string', const: fact },
      data: dataSchema(model, kindId, kind, fact),
    },
    required: [
      'specversion',
      'id',
      'type',
      'source',
      'subject',
      'time',
      'datacontenttype',
      'correlationid',
      'factumkind',
      'factumfact',
      'data',
    ],
  };
}

/** The channel id of a kind's fact, e.g. `TK01_promised` (pure). */
export function factChannelId(kindId: string, fact: FactKind): string {
  return `${subjectToken(kindId)}_${fact}`;
}

/**
 * Builds the AsyncAPI 3.0 document of the facts a model publishes (pure): a channel, a `send`
 * operation and a CloudEvent message per transaction kind and fact, the kinds' payload schemas as
 * components, and a `receive` operation per consumed event passed in.
 * @example
 * const document = asyncApiDocument(shop); // channels.TK01_promised.address === 'factum.shop.TK01.promised'
 */
export function asyncApiDocument(model: Model, options: AsyncApiOptions = {}): JsonObject {
  const prefix = options.subjectPrefix ?? defaultSubjectPrefix;
  const server = options.server ?? defaultNatsServer;
  const channels: Record<string, JsonValue> = {};
  const operations: Record<string, JsonValue> = {};
  const schemas: Record<string, JsonValue> = {
    PartyBinding: {
      type: 'object',
      description:
        'One party of a transaction: the actor role, and the actor when it acts personally.',
      properties: { role: { type: 'string' }, actor: { type: 'string' } },
      required: ['role'],
    },
  };
  for (const [kindId, kind] of Object.entries(model.transactionKinds)) {
    const key = componentKey(kindId);
    if (kind.payload !== undefined)
      schemas[`${key}Payload`] = { ...kind.payload, examples: [kind.example] };
    if (kind.productPayload !== undefined) schemas[`${key}ProductPayload`] = kind.productPayload;
    for (const fact of factKinds) {
      const channelId = factChannelId(kindId, fact);
      const type = businessFactType(kind.name, fact);
      const messageKey = componentKey(type);
      const summary = `${kindId} ${kind.label ?? kind.name}: ${fact}`;
      channels[channelId] = {
        address: factSubject(prefix, model.name, kindId, fact),
        title: summary,
        description: `Every ${type} of ${model.name}: ${kind.product}; initiator ${kind.initiator}, executor ${kind.executor}.`,
        messages: {
          [messageKey]: {
            name: type,
            title: type,
            summary: `${summary}, as a CloudEvent of type ${factEventType(model.name, type)}`,
            contentType: cloudEventMediaType,
            payload: envelopeSchema(model, kindId, kind, fact),
          },
        },
      };
      operations[`publish${messageKey}`] = {
        action: 'send',
        title: `Publish ${type}`,
        summary: `Factum publishes each ${type} fact once it is appended (the outbox relays it).`,
        channel: { $ref: `#/channels/${channelId}` },
        messages: [{ $ref: `#/channels/${channelId}/messages/${messageKey}` }],
      };
    }
  }
  for (const [i, consumed] of (options.receives ?? inboundEvents(model)).entries()) {
    const channelId = `consumed_${i + 1}_${componentKey(consumed.name)}`;
    const messageKey = componentKey(consumed.name);
    channels[channelId] = {
      address: consumed.address,
      title: `Consumed: ${consumed.name}`,
      ...(consumed.description === undefined ? {} : { description: consumed.description }),
      messages: {
        [messageKey]: {
          name: consumed.name,
          contentType: consumed.contentType ?? cloudEventMediaType,
          payload: consumed.payload ?? { type: 'object' },
        },
      },
    };
    operations[`receive${channelId}`] = {
      action: 'receive',
      title: `Receive ${consumed.name}`,
      channel: { $ref: `#/channels/${channelId}` },
      messages: [{ $ref: `#/channels/${channelId}/messages/${messageKey}` }],
    };
  }
  return {
    asyncapi: asyncApiVersion,
    info: {
      title: `${model.name} — Factum events`,
      version: options.version ?? '1',
      description: [
        model.description ?? '',
        `The facts of ${model.name}'s DEMO transactions, published as CloudEvents 1.0 in structured mode on \`${prefix}.${subjectToken(model.name)}.<kind>.<fact>\`: subscribe to \`${prefix}.${subjectToken(model.name)}.>\` for all of them, or to one kind's promises.`,
      ]
        .filter((line) => line !== '')
        .join('\n\n'),
    },
    defaultContentType: cloudEventMediaType,
    servers: {
      nats: {
        host: server.host,
        protocol: server.protocol,
        description: 'The NATS broker the outbox relay publishes to (JetStream).',
      },
    },
    channels,
    operations,
    components: { schemas },
  };
}

/** The formats the document is written in. */
export const asyncApiFormats = ['yaml', 'json'] as const;
export type AsyncApiFormat = (typeof asyncApiFormats)[number];

/**
 * Writes the document as YAML or as JSON (pure). YAML repeats a schema the model shares between
 * kinds rather than writing anchors and aliases, so each channel reads on its own.
 */
export function asyncApiText(document: JsonObject, format: AsyncApiFormat): string {
  return format === 'json'
    ? `${JSON.stringify(document, null, 2)}\n`
    : stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}
