import { DiagnosticSeverity, Parser, type Diagnostic } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { shopModel } from '../../../examples/shop/model.ts';
import { factKinds, type JsonObject } from '../../core/index.ts';
import { exampleModel, exampleModels } from '../example-models.test-support.ts';
import { asyncApiDocument, asyncApiText } from './asyncapi-document.ts';

const parser = new Parser();
// The parser's and its rules' copies of the severity enum differ in type: compared as numbers.
const error: number = DiagnosticSeverity.Error;
const warning: number = DiagnosticSeverity.Warning;
const severity = (d: Diagnostic): number => d.severity;

/**
 * What the AsyncAPI parser finds wrong with a document: errors and warnings. It also reports, as
 * information only, that AsyncAPI 3.1 exists; the document follows 3.0 on purpose.
 */
async function problems(document: JsonObject): Promise<Diagnostic[]> {
  const { diagnostics } = await parser.parse(JSON.stringify(document));
  return diagnostics.filter((d) => severity(d) <= warning);
}

/** A path into the plain document, failing the test where it does not lead anywhere. */
function at(document: unknown, ...path: string[]): JsonObject {
  let here: unknown = document;
  for (const key of path) {
    expect(here, path.join('.')).toBeTypeOf('object');
    here = (here as Record<string, unknown>)[key];
  }
  expect(here, path.join('.')).toBeTypeOf('object');
  return here as JsonObject;
}

describe('the AsyncAPI document of a model', () => {
  it(
    'is valid AsyncAPI 3.0 for the shop, minimal and Rent-A-Car models (no errors, no warnings)',
    { timeout: 60_000 },
    async () => {
      for (const model of await exampleModels()) {
        const document = asyncApiDocument(model);
        expect(await problems(document), model.name).toEqual([]);
        // The YAML the CLI writes is the same document, and the parser reads it as well.
        const yaml = asyncApiText(document, 'yaml');
        expect(yaml).not.toMatch(/[&*]\w+\n/);
        expect(parse(yaml)).toEqual(document);
        const { diagnostics } = await parser.parse(yaml);
        expect(diagnostics.filter((d) => severity(d) === error)).toEqual([]);
        const kinds = Object.keys(model.transactionKinds).length;
        const consumed = (model.inbound ?? []).length;
        expect(Object.keys(at(document, 'channels'))).toHaveLength(
          kinds * factKinds.length + consumed,
        );
        expect(Object.keys(at(document, 'operations'))).toHaveLength(
          kinds * factKinds.length + consumed,
        );
      }
    },
  );

  it('has a channel per kind and fact on its subject, a send operation and the CloudEvent as message', async () => {
    const document = asyncApiDocument(shopModel);
    const { document: parsed } = await parser.parse(JSON.stringify(document));
    const channel = parsed?.channels().get('TK01_promised');
    expect(channel?.address()).toBe('factum.shop.TK01.promised');
    const messages = channel?.messages().all() ?? [];
    expect(messages.map((m) => m.name())).toEqual(['OrderPromised']);
    const operation = parsed?.operations().get('publishOrderPromised');
    expect(operation?.action()).toBe('send');
    const channels = operation?.channels().all() ?? [];
    expect(channels.map((c) => c.id())).toEqual(['TK01_promised']);
    const nats = parsed?.servers().get('nats');
    expect([nats?.protocol(), nats?.host()]).toEqual(['nats', 'localhost:4222']);
    expect(parsed?.info().title()).toBe('shop — Factum events');

    const message = at(document, 'channels', 'TK01_promised', 'messages', 'OrderPromised');
    expect(message['contentType']).toBe('application/cloudevents+json');
    const envelope = at(message, 'payload', 'properties');
    expect(envelope['type']).toEqual({ type: 'string', const: 'shop.OrderPromised' });
    expect(envelope['source']).toEqual({ type: 'string', const: 'urn:factum:model:shop' });
    expect(at(envelope, 'data', 'properties', 'performer', 'properties', 'role')).toEqual({
      type: 'string',
      const: 'A01',
    });
  });

  it("carries the request's terms and the product data into the CloudEvent's data", async () => {
    const shop = asyncApiDocument(shopModel);
    const terms = at(shop, 'channels', 'TK01_requested', 'messages', 'OrderRequested', 'payload');
    expect(at(terms, 'properties', 'data', 'properties', 'payload')).toEqual({
      $ref: '#/components/schemas/TK01Payload',
    });
    expect(at(shop, 'components', 'schemas', 'TK01Payload')).toMatchObject({
      ...shopModel.transactionKinds['TK01']?.payload,
      examples: [shopModel.transactionKinds['TK01']?.example],
    });
    // A promise carries no schema of the kind: its payload is free.
    const promised = at(shop, 'channels', 'TK01_promised', 'messages', 'OrderPromised', 'payload');
    expect(at(promised, 'properties', 'data', 'properties', 'payload')).not.toHaveProperty('$ref');

    const rental = await exampleModel('rental');
    const document = asyncApiDocument(rental);
    const executed = Object.values(at(document, 'channels', 'TK01_executed', 'messages'))[0];
    expect(at(executed, 'payload', 'properties', 'data', 'properties', 'payload')).toEqual({
      $ref: '#/components/schemas/TK01ProductPayload',
    });
    expect(at(document, 'components', 'schemas', 'TK01ProductPayload')).toEqual(
      rental.transactionKinds['TK01']?.productPayload,
    );
    // The resolved document keeps the schema, so a consumer sees it without chasing references.
    const { document: parsed } = await parser.parse(JSON.stringify(document));
    const data = parsed?.channels().get('TK01_executed')?.messages().all()[0]?.payload();
    expect(data?.properties()?.['data']?.properties()?.['payload']?.type()).toBe('object');
  });

  it('receives the events of the model’s inbound mappings on their subjects', async () => {
    const { document: parsed } = await parser.parse(JSON.stringify(asyncApiDocument(shopModel)));
    const received = parsed?.operations().filterByReceive() ?? [];
    expect(received.map((o) => o.channels().all()[0]?.address())).toEqual([
      'inbound.shop.payment.captured',
    ]);
    const message = received[0]?.messages().all()[0];
    expect(message?.name()).toBe('payment.captured');
    expect(message?.payload()?.properties()?.['type']?.const()).toBe('payment.captured');
  });

  it('uses the subject prefix it is given, and receives the consumed events passed in', async () => {
    const document = asyncApiDocument(shopModel, {
      subjectPrefix: 'acme',
      version: '2.1.0',
      receives: [
        {
          address: 'billing.invoice.paid',
          name: 'InvoicePaid',
          payload: { type: 'object', properties: { invoice: { type: 'string' } } },
        },
      ],
    });
    expect(await problems(document)).toEqual([]);
    expect(at(document, 'channels', 'TK02_accepted')['address']).toBe('acme.shop.TK02.accepted');
    expect(at(document, 'info')['version']).toBe('2.1.0');
    const { document: parsed } = await parser.parse(JSON.stringify(document));
    const received = parsed?.operations().filterByReceive() ?? [];
    expect(received.map((o) => o.channels().all()[0]?.address())).toEqual(['billing.invoice.paid']);
    expect(asyncApiText(document, 'json')).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });
});
