/**
 * Demo mode: a visitor picks one of the model's demo actors and gets a token to act as it
 * (`GET /api/demo/actors`, `POST /api/demo/session {actor, role}`). Only registered in demo mode.
 */
import type { FastifyInstance } from 'fastify';
import { isPersonalRole } from '../../model/kind-spec.ts';
import type { HttpContext } from '../context.ts';
import { fail } from '../problem.ts';

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
