import { describe, expect, it } from 'vitest';
import { serverPerTest } from '../e2e-harness.test-support.ts';

const startServer = serverPerTest();

describe('the dashboard route', () => {
  it('serves the page, one script and one stylesheet, revalidated by ETag, beside the API', async () => {
    const s = await startServer();
    const page = await fetch(`${s.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const script = /src="(\/assets\/app\.js\?v=[^"]+)"/.exec(html)?.[1];
    const style = /href="(\/assets\/app\.css\?v=[^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await fetch(`${s.base}${script ?? ''}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await js.text();
    expect(code.length).toBeGreaterThan(1000);
    // Minified, self-contained: no imports left, nothing from a CDN.
    expect(code).not.toMatch(/\bimport\s*[{("']/);
    expect(code).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const css = await fetch(`${s.base}${style ?? ''}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.badge');
    const etag = js.headers.get('etag') ?? '';
    const again = await fetch(`${s.base}/assets/app.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await s.call('GET', '/api/model')).status).toBe(200);
    expect((await fetch(`${s.base}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${s.base}/assets/other.js`)).status).toBe(404);
  });

  it('is left out with `web: false`', async () => {
    const s = await startServer({ serverOptions: { web: false } });
    expect((await fetch(`${s.base}/`)).status).toBe(404);
    expect((await fetch(`${s.base}/assets/app.js`)).status).toBe(404);
  });
});
