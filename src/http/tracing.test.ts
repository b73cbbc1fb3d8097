import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { seedStock } from '../../examples/shop/seed.ts';
import { createFactum } from '../engine/factum.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { memoryViewStore } from '../stores/memory/memory-view-store.ts';
import { createServer } from './create-server.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
beforeAll(() => provider.register());
afterAll(() => provider.shutdown());

interface Node {
  readonly name: string;
  readonly span: ReadableSpan;
  readonly children: Node[];
}

function tree(spans: readonly ReadableSpan[], root: ReadableSpan): Node {
  const children = spans
    .filter((span) => span.parentSpanContext?.spanId === root.spanContext().spanId)
    .sort((a, b) => (a.startTime[0] - b.startTime[0]) * 1e9 + (a.startTime[1] - b.startTime[1]));
  return { name: root.name, span: root, children: children.map((child) => tree(spans, child)) };
}

function child(node: Node | undefined, name: string): Node | undefined {
  return node?.children.find((candidate) => candidate.name === name);
}

describe('traces', () => {
  it('link an HTTP act to its decision, its append, the rules it triggers and their acts, in one trace', async () => {
    const factum = createFactum({
      model: shopModel,
      store: memoryEventStore(),
      views: memoryViewStore(),
    });
    await seedStock(factum);
    await factum.start();
    const app = await createServer({
      factum,
      auth: { mode: 'demo', secret: 'test-secret-of-at-least-thirty-two-bytes!' },
      scratchViews: memoryViewStore,
      web: false,
    });
    try {
      const session = await app.inject({
        method: 'POST',
        url: '/api/demo/session',
        payload: { actor: 'alice', role: 'CA01' },
      });
      const { token } = session.json<{ token: string }>();
      exporter.reset();
      const ordered = await app.inject({
        method: 'POST',
        url: '/api/transactions',
        headers: { authorization: `Bearer ${token}` },
        payload: { kind: 'TK01', payload: shopModel.transactionKinds.TK01.example },
      });
      expect(ordered.statusCode).toBe(201);
      await factum.settle();
      const spans = exporter.getFinishedSpans();
      const http = spans.find((span) => span.name === 'POST /api/transactions');
      if (http === undefined)
        throw new Error(`no HTTP span among ${spans.map((s) => s.name).join(', ')}`);
      const root = tree(spans, http);
      const request = child(root, 'factum.perform request');
      expect(request?.span.attributes['factum.kind']).toBe('TK01');
      expect(child(request, 'factum.decide')?.span.attributes['factum.outcome']).toBe('planned');
      expect(child(request, 'factum.append')).toBeDefined();
      const promiseRule = child(request, 'factum.rule promise-when-in-stock');
      const promised = child(promiseRule, 'factum.perform promise');
      expect(promised?.span.attributes['factum.outcome']).toBe('appended');
      const paymentRule = child(promised, 'factum.rule request-payment');
      const payment = child(paymentRule, 'factum.perform request');
      expect(payment?.span.attributes['factum.kind']).toBe('TK02');
      // One trace, one business process: the correlation id runs through, each rule names its cause.
      const traced = [request, promiseRule, promised, paymentRule, payment].map(
        (node) => node?.span,
      );
      expect(new Set(traced.map((span) => span?.spanContext().traceId))).toEqual(
        new Set([http.spanContext().traceId]),
      );
      const correlation = request?.span.attributes['factum.correlation_id'];
      expect(correlation).toEqual(expect.any(String));
      for (const span of traced.slice(1))
        expect(span?.attributes['factum.correlation_id']).toBe(correlation);
      expect(promiseRule?.span.attributes['factum.causation_id']).toEqual(expect.any(String));
    } finally {
      await app.close();
      await factum.stop();
    }
  });
});
