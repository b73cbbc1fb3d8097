import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { loadModel } from '../model/load-model.ts';
import type { Model } from '../model/model.ts';
import { serverPerTest } from './e2e-harness.test-support.ts';

const startServer = serverPerTest();

type Doc = Record<string, unknown> & {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

/** Every `$ref` in the document points at a schema it defines. */
function danglingRefs(doc: Doc): string[] {
  const missing: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const name = value.replace('#/components/schemas/', '');
          if (
            !value.startsWith('#/components/schemas/') ||
            doc.components.schemas[name] === undefined
          )
            missing.push(value);
        } else visit(value);
      }
    }
  };
  visit(doc);
  return missing;
}

function checkDocument(doc: Doc, model: Model): void {
  expect(doc.openapi).toBe('3.1.0');
  expect(danglingRefs(doc)).toEqual([]);
  for (const [path, operations] of Object.entries(doc.paths)) {
    expect(path.startsWith('/')).toBe(true);
    for (const operation of Object.values(operations)) {
      expect(Object.keys(operation['responses'] as object).length).toBeGreaterThan(0);
      for (const parameter of (operation['parameters'] ?? []) as {
        in: string;
        name: string;
        required: boolean;
      }[]) {
        if (parameter.in === 'path') {
          expect(path).toContain(`{${parameter.name}}`);
          expect(parameter.required).toBe(true);
        }
      }
    }
  }
  const variants = doc.components.schemas['CreateTransaction']?.['oneOf'] as Record<
    string,
    unknown
  >[];
  expect(variants).toHaveLength(Object.keys(model.transactionKinds).length);
  for (const [id, kind] of Object.entries(model.transactionKinds)) {
    const variant = variants.find(
      (v) => (v['properties'] as Record<string, { const?: string }>)['kind']?.const === id,
    );
    expect(variant?.['examples']).toEqual([{ kind: id, payload: kind.example }]);
    if (kind.payload !== undefined) {
      expect(doc.components.schemas[`${id}Payload`]).toMatchObject(kind.payload);
      expect(variant?.['required']).toEqual(['kind', 'payload']);
    }
  }
  const act = (
    doc.paths['/api/transactions/{id}/acts/{act}']?.['post']?.['parameters'] as {
      name: string;
      schema: { enum?: string[] };
    }[]
  ).find((p) => p.name === 'act');
  expect(act?.schema.enum).toEqual(
    expect.arrayContaining([
      'request',
      'promise',
      'execute',
      'declare',
      'state',
      'accept',
      'revoke',
      'allow',
      'refuse',
    ]),
  );
}

describe('the OpenAPI document', () => {
  it("is derived from the shop: each kind's payload schema and example, the acts, the views per role", async () => {
    const s = await startServer();
    const response = await s.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const doc = response.body as unknown as Doc;
    checkDocument(doc, shopModel);
    // A client must learn what a retry without an idempotency key does before it retries.
    expect(doc.paths['/api/transactions']?.['post']?.['description']).toMatch(
      /Without an Idempotency-Key .* starts a second one.* same key .* answers 200/s,
    );
    const roles = doc['x-factum-roles'] as Record<
      string,
      { views: string[]; personal: boolean; initiates: string[] }
    >;
    expect(roles['CA01']).toMatchObject({ personal: true, initiates: ['TK01'] });
    expect(roles['CA01']?.views).toContain('customer-orders');
    expect(roles['CA01']?.views).not.toContain('pending-orders');
    expect(roles['A01']?.views).toContain('pending-orders');
    const views = (
      doc.paths['/api/views/{name}']?.['get']?.['parameters'] as {
        name: string;
        schema: { enum?: string[] };
      }[]
    )[0];
    expect(views?.schema.enum).toEqual(
      expect.arrayContaining(['transactions', 'agenda', 'customer-orders', 'pending-orders']),
    );
    expect(doc.paths['/api/demo/session']).toBeDefined();

    const docs = await fetch(`${s.base}/docs`);
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('swagger');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/);
    const uiDoc = await s.call('GET', '/docs/json');
    expect(uiDoc.body['openapi']).toBe('3.1.0');
    expect(doc.paths['/api/ledgers/{name}']).toBeDefined();
    const model = await s.call('GET', '/api/model');
    expect(model.body).toMatchObject({ name: 'shop', actorRoles: { CA01: { personal: true } } });
    expect((model.body['views'] as { name: string }[]).map((v) => v.name)).toEqual([
      'customer-orders',
      'pending-orders',
    ]);
    const health = await s.call('GET', '/api/health');
    expect(health.body).toMatchObject({ status: 'ok' });
  });

  it('serves any model it is given: the minimal model, its document and its acts', async () => {
    const loaded = await loadModel(
      fileURLToPath(new URL('../../examples/minimal/model.yaml', import.meta.url)),
    );
    if (!loaded.ok) throw new Error('minimal model did not load');
    const model = loaded.value;
    const s = await startServer({ model });
    const doc = (await s.call('GET', '/openapi.json')).body as unknown as Doc;
    checkDocument(doc, model);
    expect((doc['info'] as { title: string }).title).toContain('minimal');
    expect(doc.paths['/api/ledgers/{name}']).toBeUndefined();
    const { carol, sue } = await s.tokens({ carol: ['CA01'], sue: ['A01'] });
    const created = await s.call('POST', '/api/transactions', {
      token: carol,
      body: { kind: 'TK01', payload: { item: 'tea', quantity: 2 } },
    });
    expect(created.status).toBe(201);
    const id = created.body.transactionId as string;
    expect(id).toMatch(/^delivery-/);
    for (const act of ['promise', 'execute', 'declare']) {
      expect(
        (await s.call('POST', `/api/transactions/${id}/acts/${act}`, { token: sue })).status,
      ).toBe(200);
    }
    const accepted = await s.call('POST', `/api/transactions/${id}/acts/accept`, { token: carol });
    expect(accepted.body).toMatchObject({ status: 'accepted' });
    const invalid = await s.call('POST', '/api/transactions', {
      token: carol,
      body: { kind: 'TK01', payload: { item: 'tea' } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body['issues']).toEqual([expect.objectContaining({ path: 'quantity' })]);
  });
});
