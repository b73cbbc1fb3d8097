/**
 * The dashboard's assets: the browser client (preact, in `client/`) bundled with esbuild into one
 * minified script and one stylesheet. The published package ships them prebuilt (`assets/` beside
 * this module, written by `npm run build`); from the sources they are bundled in memory, once per
 * process. Nothing is fetched from elsewhere, so the dashboard works offline.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

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
const extensionApi = fileURLToPath(new URL('./client/extension.ts', import.meta.url));
const clientDir = fileURLToPath(new URL('./client/', import.meta.url));

/** A model's dashboard module as a file path: an absolute path or a `file:` URL (pure). */
export function modulePath(module: string): string {
  return module.startsWith('file:') ? fileURLToPath(module) : module;
}

/**
 * An esbuild plugin: `factum:model-dashboard` is the model's own dashboard module (or an empty
 * contribution) and `factum/dashboard` the extension API, so the model's screens share the
 * client's preact and components in one bundle.
 */
function modelDashboard(module: string | undefined): Plugin {
  return {
    name: 'factum-model-dashboard',
    setup(build) {
      build.onResolve({ filter: /^factum:model-dashboard$/ }, () =>
        module === undefined
          ? { path: 'none', namespace: 'factum-empty' }
          : { path: modulePath(module) },
      );
      build.onLoad({ filter: /.*/, namespace: 'factum-empty' }, () => ({
        contents: 'export default {};',
        loader: 'js',
        resolveDir: clientDir,
      }));
      build.onResolve({ filter: /^factum\/dashboard$/ }, () => ({ path: extensionApi }));
    },
  };
}

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
    '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
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

/** The names of the prebuilt assets, in the `assets/` folder beside the built module. */
export const webAssetFiles = { js: 'app.js', css: 'app.css' } as const;

function bundleOf(js: string, css: string): WebBundle {
  const jsAsset = asset(js, 'text/javascript; charset=utf-8');
  const cssAsset = asset(css, 'text/css; charset=utf-8');
  return {
    js: jsAsset,
    css: cssAsset,
    html: asset(indexHtml(jsAsset, cssAsset), 'text/html; charset=utf-8'),
  };
}

/**
 * Bundles the client's script and stylesheet with esbuild, in memory, with a model's dashboard
 * module when given (impure: reads the source files).
 */
export async function bundleWebClient(
  module?: string,
): Promise<{ readonly js: string; readonly css: string }> {
  // esbuild is a development tool: the published package ships the bundle prebuilt.
  const { build } = await import('esbuild');
  const result = await build({
    plugins: [modelDashboard(module)],
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
  return { js, css };
}

/** Reads the prebuilt assets beside this module, or undefined when there are none (impure). */
async function readPrebuilt(): Promise<WebBundle | undefined> {
  const read = (name: string): Promise<string> =>
    readFile(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  try {
    return bundleOf(await read(webAssetFiles.js), await read(webAssetFiles.css));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The dashboard: the prebuilt assets when shipped and the model brings no screens of its own,
 * else bundled from the sources with the model's dashboard module (impure).
 */
export async function buildWebBundle(module?: string): Promise<WebBundle> {
  if (module === undefined) {
    const prebuilt = await readPrebuilt();
    if (prebuilt !== undefined) return prebuilt;
  }
  const { js, css } = await bundleWebClient(module);
  return bundleOf(js, css);
}

const cached = new Map<string, Promise<WebBundle>>();

/**
 * The bundle of this process for a model's dashboard module (or none): built on first call, then
 * the same (a failed build is tried again next call).
 */
export function webBundle(module?: string): Promise<WebBundle> {
  const key = module ?? '';
  let building = cached.get(key);
  if (building === undefined) {
    const attempt = buildWebBundle(module);
    building = attempt;
    cached.set(key, attempt);
    attempt.catch(() => {
      if (cached.get(key) === attempt) cached.delete(key);
    });
  }
  return building;
}
