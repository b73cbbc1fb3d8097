/**
 * @module factum/web
 * The dashboard: a preact client bundled in memory at server start and served by the HTTP server at
 * `/`. The client talks to the server over HTTP only.
 */
export type { WebAsset, WebBundle } from './bundle.ts';
export { buildWebBundle, bundleWebClient, indexHtml, webAssetFiles, webBundle } from './bundle.ts';
