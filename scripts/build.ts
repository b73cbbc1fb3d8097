/**
 * Builds the published package into `dist/`: empties it (a module removed from `src/` must not ship
 * from an old build), compiles `src/` with tsc (ESM JavaScript, `.d.ts`, source maps) and writes the
 * dashboard's bundle beside the built web module, so the package serves it without esbuild.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWebClient, webAssetFiles } from '../src/web/bundle.ts';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
await rm(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('tsconfig.build.json', root))], {
  stdio: 'inherit',
});
const assets = new URL('web/assets/', dist);
const { js, css } = await bundleWebClient();
await mkdir(assets, { recursive: true });
await writeFile(new URL(webAssetFiles.js, assets), js);
await writeFile(new URL(webAssetFiles.css, assets), css);
process.stdout.write(
  `built dist/: the dashboard bundle has ${js.length} bytes of script, ${css.length} of style\n`,
);
