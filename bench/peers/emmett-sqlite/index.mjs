// What bench/lib/emmett.ts imports: Emmett's core and SQLite store, resolved from this folder's own
// node_modules (the same ESM entries the reference harness imports).
export * as core from '@event-driven-io/emmett';
export * as store from '@event-driven-io/emmett-sqlite';
