#!/usr/bin/env node
// Runs the Factum CLI from its TypeScript sources, for development: tsx compiles them on the fly and
// maps `factum/*` to `src/` through the repository's tsconfig paths, from any working directory.
// The published package runs the built `dist/cli/main.js` instead.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
