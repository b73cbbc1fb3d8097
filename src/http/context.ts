/** What every route shares: the running model, the authenticator, owners, the live hub, schemas. */
import type { FastifyRequest } from 'fastify';
import type { Factum } from '../engine/factum.ts';
import type { ViewStore } from '../engine/ports/view-store.ts';
import { bearerToken, type Authenticator, type Caller } from './auth.ts';
import type { OwnerResolver } from './owners.ts';
import type { RouteSchemas } from './schemas.ts';
import type { LiveHub } from './sse-hub.ts';

/** The routes' shared services. */
export interface HttpContext {
  readonly factum: Factum;
  readonly auth: Authenticator;
  readonly owners: OwnerResolver;
  readonly hub: LiveHub;
  readonly schemas: RouteSchemas;
  /** A fresh, empty view store for reads as of a past moment. */
  readonly scratchViews: () => ViewStore;
  /** Runs an act, counted as in flight until it settles (graceful shutdown waits for it). */
  track<T>(work: Promise<T>): Promise<T>;
}

/** The caller of a request, from its bearer token; throws a 401 problem without a valid one. */
export function callerOf(
  context: HttpContext,
  request: FastifyRequest,
  token?: string,
): Promise<Caller> {
  const header = request.headers.authorization;
  return context.auth.authenticate(header === undefined ? token : bearerToken(header));
}
