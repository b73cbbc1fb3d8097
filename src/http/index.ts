/**
 * @module factum/http
 * The HTTP API: `createServer` builds a Fastify server for a running model — acts as commands,
 * queries over views, Server-Sent Events, bearer-token actors, problem+json errors and an OpenAPI
 * document derived from the model.
 */
export type { AuthOptions, Caller } from './auth.ts';
export type { ServerOptions } from './create-server.ts';
export { createLiveHub, createServer } from './create-server.ts';
export { openApiDocument } from './openapi.ts';
export type { HealthReport, RunnerHealth } from './routes/health.ts';
export type { MetricsEndpoint } from './routes/metrics.ts';
export { registerMetricsRoute } from './routes/metrics.ts';
export type { Problem } from './problem.ts';
export { problemContentType, refusalProblem, statusOfRefusal, toProblem } from './problem.ts';
export type { LiveHubOptions } from './sse-hub.ts';
export { LiveHub } from './sse-hub.ts';
export { loadOrCreateTokenSecret } from './token-secret.ts';
