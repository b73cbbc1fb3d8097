/**
 * Demo mode: a visitor picks one of the model's demo actors and gets a token to act as it
 * (`GET /api/demo/actors`, `POST /api/demo/session {actor, role}`). Only registered in demo mode.
 */
import type { FastifyInstance } from 'fastify';
import { isPersonalRole } from '../../model/kind-spec.ts';
import type { HttpContext } from '../context.ts';
import { fail } from '../problem.ts';
import {
  type OpenApiContext,
  type OpenApiPaths,
  json,
  operation,
  problemResponse,
} from '../openapi-parts.ts';

interface SessionBody {
  readonly actor: string;
  readonly role?: string;
}

/** Registers the demo routes. */
export function registerDemoRoutes(app: FastifyInstance, context: HttpContext): void {
  const { model } = context.factum;
  const roles = Object.entries(model.actorRoles);

  app.get('/api/demo/actors', () =>
    roles.map(([id, role]) => ({
      role: id,
      name: role.name,
      personal: isPersonalRole(role),
      ...(role.description === undefined ? {} : { description: role.description }),
      actors: [...(role.demoActors ?? [])],
    })),
  );

  app.post<{ Body: SessionBody }>(
    '/api/demo/session',
    { schema: { body: context.schemas.demoSessionBody } },
    async (request) => {
      const { actor, role } = request.body;
      const granted = roles
        .filter(
          ([id, def]) =>
            (role === undefined || id === role) && (def.demoActors ?? []).includes(actor),
        )
        .map(([id]) => id);
      if (granted.length === 0) {
        fail(
          400,
          'NotADemoActor',
          role === undefined
            ? `'${actor}' is not a demo actor of this model.`
            : `'${actor}' is not a demo actor of role ${role}.`,
          { actor, ...(role === undefined ? {} : { role }) },
        );
      }
      const { token, expiresAt } = await context.auth.issue(actor, granted);
      return { token, tokenType: 'Bearer', actor, roles: granted, expiresAt };
    },
  );
}

/** The OpenAPI paths of the demo sign-in (pure). */
export function demoPaths(api: OpenApiContext): OpenApiPaths {
  const { schemas } = api;
  return {
    '/api/demo/actors': {
      get: operation('demo', 'The demo actors per role', {
        responses: { '200': json({ type: 'array', items: { type: 'object' } }) },
      }),
    },
    '/api/demo/session': {
      post: operation('demo', 'A token for a demo actor', {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemas.demoSessionBody } },
        },
        responses: {
          '200': json({
            type: 'object',
            properties: {
              token: { type: 'string' },
              actor: { type: 'string' },
              roles: { type: 'array', items: { type: 'string' } },
              expiresAt: { type: 'string' },
            },
          }),
          '400': problemResponse('Not a demo actor of that role.'),
        },
      }),
    },
  };
}
