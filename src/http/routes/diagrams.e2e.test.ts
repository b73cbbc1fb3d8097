import { describe, expect, it } from 'vitest';
import { serverPerTest } from '../e2e-harness.test-support.ts';

const startServer = serverPerTest();

describe('the diagram route', () => {
  it('serves each view of the model as SVG, revalidated by ETag, and as laid-out JSON', async () => {
    const s = await startServer();
    for (const view of ['cooperation', 'process', 'event-model']) {
      const response = await fetch(`${s.base}/api/model/diagrams/${view}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      const svg = await response.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      // Ids are prefixed with the view, so the three can sit inline on one page.
      expect(svg).toContain(`id="${view}-arrow-`);
      const again = await fetch(`${s.base}/api/model/diagrams/${view}`, {
        headers: { 'if-none-match': response.headers.get('etag') ?? '' },
      });
      expect(again.status).toBe(304);
    }
    const json = await s.call('GET', '/api/model/diagrams/process', {
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ view: 'process' });
    const edges = json.body['edges'] as { style: string; labels: { text: string }[] }[];
    expect(edges.filter((e) => e.style === 'wait').map((e) => e.labels.map((l) => l.text))).toEqual(
      [['1'], ['1']],
    );
  });

  it('wraps the event model to the width asked for, and refuses what it cannot draw', async () => {
    const s = await startServer();
    const width = async (query: string): Promise<number> => {
      const svg = await (await fetch(`${s.base}/api/model/diagrams/event-model${query}`)).text();
      return Number(/<svg [^>]*width="(\d+)"/.exec(svg)?.[1]);
    };
    expect(await width('?width=800')).toBeLessThanOrEqual(800);
    expect(await width('')).toBeGreaterThan(800);
    const unknown = await s.call('GET', '/api/model/diagrams/timeline');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body['detail']).toContain('draw cooperation, process, event-model');
    const bad = await s.call('GET', '/api/model/diagrams/event-model?width=wide');
    expect(bad.status).toBe(400);
    expect(bad.body['detail']).toContain('width must be a whole number');
  });
});
