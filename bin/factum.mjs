#!/usr/bin/env node
// Runs the Factum CLI from its TypeScript sources: tsx compiles them on the fly.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
