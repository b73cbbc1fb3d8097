import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

interface PackageJson {
  readonly exports: Record<string, string | { readonly default: string }>;
}

/**
 * The package's own exports (`factum/model`, …) resolved to their TypeScript sources: the exports map
 * names the build in `dist/`, which mirrors `src/`, so tests never need a build.
 */
function sourceAliases(): { find: RegExp; replacement: string }[] {
  const pkg = JSON.parse(
    readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
  ) as PackageJson;
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target !== 'string')
    .map(([subpath, target]) => ({
      find: new RegExp(`^factum${subpath.slice(1).replaceAll('/', '\\/')}$`),
      replacement: new URL(
        (target as { default: string }).default
          .replace('./dist/', './src/')
          .replace(/\.js$/, '.ts'),
        import.meta.url,
      ).pathname,
    }));
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
