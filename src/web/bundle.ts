/**
 * The dashboard's assets: the browser client (preact, in `client/`) bundled in memory with esbuild
 * into one minified script and one stylesheet, built once per process and kept. Nothing is fetched
 * from elsewhere, so the dashboard works offline.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One bundled asset with its ETag. */
export interface WebAsset {
  readonly body: string;
  readonly contentType: string;
  readonly etag: string;
}

/** The dashboard: its page, script and stylesheet. */
export interface WebBundle {
  readonly html: WebAsset;
  readonly js: WebAsset;
  readonly css: WebAsset;
}

const entry = fileURLToPath(new URL('./client/main.tsx', import.meta.url));

function asset(body: string, contentType: string): WebAsset {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return { body, contentType, etag: `"${hash}"` };
}

/** The page that loads the bundle; the script names its assets by hash so a new build is never stale (pure). */
export function indexHtml(js: WebAsset, css: WebAsset): string {
  const v = (a: WebAsset): string => a.etag.replaceAll('"', '');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Factum</title>',
    `<link rel="stylesheet" href="/assets/app.css?v=${v(css)}">`,
    '</head>',
    '<body>',
    '<div id="app"><noscript>The Factum dashboard needs JavaScript.</noscript></div>',
    `<script src="/assets/app.js?v=${v(js)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Bundles the client with esbuild, in memory (impure: reads the source files). */
export async function buildWebBundle(): Promise<WebBundle> {
  const result = await build({
    entryPoints: { app: entry },
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: 'assets',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text;
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text;
  if (js === undefined || css === undefined)
    throw new Error('The dashboard bundle has no script or no stylesheet.');
  const jsAsset = asset(js, 'text/javascript; charset=utf-8');
  const cssAsset = asset(css, 'text/css; charset=utf-8');
  return {
    js: jsAsset,
    css: cssAsset,
    html: asset(indexHtml(jsAsset, cssAsset), 'text/html; charset=utf-8'),
  };
}

let cached: Promise<WebBundle> | undefined;

/** The bundle of this process: built on first call, then the same (a failed build is tried again next call). */
export function webBundle(): Promise<WebBundle> {
  if (cached === undefined) {
    const building = buildWebBundle();
    cached = building;
    building.catch(() => {
      if (cached === building) cached = undefined;
    });
  }
  return cached;
}
