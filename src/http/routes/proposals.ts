/**
 * Proposals of action rules in `proposal` mode: `GET /api/proposals` lists those of the caller's
 * roles (a personal role sees only its own), `POST /api/proposals/{key}/confirm` performs the
 * proposed acts in the caller's name (once: their ids derive from the fact the rule answered),
 * `POST /api/proposals/{key}/dismiss` closes one without acting. The agenda carries them too.
 */
import type { FastifyInstance } from 'fastify';
import type { JsonObject, JsonValue } from '../../core/index.ts';
import type { Proposal } from '../../engine/agents/proposals.ts';
import { isPersonalRole } from '../../model/kind-spec.ts';
import type { Model } from '../../model/model.ts';
import type { Caller } from '../auth.ts';
import { callerOf, type HttpContext } from '../context.ts';
import { fail, HttpProblem, refusalProblem } from '../problem.ts';
import {
  type OpenApiContext,
  type OpenApiPaths,
  json,
  problemResponse,
  routeParameters,
  securedOperation,
} from '../openapi-parts.ts';
import { keyParams } from '../schemas.ts';

const routeKeyParams = keyParams(512);

/** A proposal as the API shows it: the acts, the assessment, and the reasons in words (pure). */
export function proposalView(proposal: Proposal): JsonObject {
  const failed = proposal.assessment.filter((c) => !c.holds);
  const reasons =
    failed.length > 0
      ? failed.map((c) => c.reason ?? `${c.name} does not hold`)
      : proposal.assessment.map((c) => `${c.name} holds`);
  return {
    key: proposal.key,
    rule: proposal.rule,
    ...(proposal.description === undefined ? {} : { description: proposal.description }),
    role: proposal.role,
    transactionId: proposal.transactionId,
    cause: proposal.cause,
    reasons,
    assessment: proposal.assessment as unknown as JsonValue,
    acts: proposal.acts.map((act) => ({
      act: act.act,
      ...(act.transactionId === undefined ? {} : { transactionId: act.transactionId }),
      ...(act.revokes === undefined ? {} : { revokes: act.revokes }),
      ...(act.kind === undefined ? {} : { kind: act.kind }),
      ...(act.parent === undefined ? {} : { parent: act.parent }),
      ...(act.addressee === undefined ? {} : { addressee: act.addressee }),
      ...(act.payload === undefined ? {} : { payload: act.payload }),
      ...(act.justification === undefined ? {} : { justification: act.justification }),
    })),
    proposedAt: proposal.proposedAt,
  };
}

/** True when the caller may see and confirm a proposal: it fills the role, and owns it if personal. */
export function mayAnswer(model: Model, caller: Caller, proposal: Proposal): boolean {
  if (!caller.roles.includes(proposal.role)) return false;
  if (!isPersonalRole(model.actorRoles[proposal.role])) return true;
  return proposal.acts.every((act) => act.performer.actor === caller.actor);
}

/** The open proposals of a role that the caller may answer, by transaction. */
export async function proposalsByTransaction(
  context: HttpContext,
  caller: Caller,
  role: string,
): Promise<Map<string, JsonObject[]>> {
  const byTransaction = new Map<string, JsonObject[]>();
  const agent = context.factum.agent;
  if (agent === undefined) return byTransaction;
  for (const proposal of await agent.proposals(role)) {
    if (!mayAnswer(context.factum.model, caller, proposal)) continue;
    const list = byTransaction.get(proposal.transactionId) ?? [];
    list.push(proposalView(proposal));
    byTransaction.set(proposal.transactionId, list);
  }
  return byTransaction;
}

/** Registers the proposal routes. */
export function registerProposalRoutes(app: FastifyInstance, context: HttpContext): void {
  const { factum } = context;

  const open = async (caller: Caller, key: string): Promise<Proposal> => {
    const proposal = await factum.agent?.proposal(key);
    // Another's proposal, or one of a role the caller does not fill, is not there for it.
    if (proposal === undefined || !mayAnswer(factum.model, caller, proposal))
      return fail(404, 'UnknownProposal', `There is no open proposal '${key}' for you.`, { key });
    return proposal;
  };

  app.get('/api/proposals', async (request, reply) => {
    const caller = await callerOf(context, request);
    void reply.header('cache-control', 'no-store');
    const items: JsonObject[] = [];
    for (const role of caller.roles)
      for (const list of (await proposalsByTransaction(context, caller, role)).values())
        items.push(...list);
    return { items, total: items.length };
  });

  /** `POST /api/proposals/:key/<answer>`: the caller answers an open proposal it may answer. */
  const answerRoute = (
    answer: 'confirm' | 'dismiss',
    handle: (caller: Caller, proposal: Proposal) => Promise<JsonObject>,
  ): void => {
    app.post<{ Params: { key: string } }>(
      `/api/proposals/:key/${answer}`,
      { schema: { params: routeKeyParams } },
      async (request) => {
        const caller = await callerOf(context, request);
        return handle(caller, await open(caller, request.params.key));
      },
    );
  };

  answerRoute('confirm', async (caller, proposal) => {
    const agent = factum.agent;
    if (agent === undefined) return fail(404, 'UnknownProposal', 'No rules run here.');
    const outcome = await context.track(
      agent.confirmProposal(proposal.key, { actor: caller.actor, role: proposal.role }),
    );
    if (outcome === undefined)
      return fail(404, 'UnknownProposal', `There is no open proposal '${proposal.key}'.`);
    if (!outcome.ok) throw new HttpProblem({ problem: refusalProblem(outcome.error) });
    return {
      key: proposal.key,
      confirmed: true,
      facts: outcome.value.facts as unknown as JsonValue,
    };
  });

  answerRoute('dismiss', async (_caller, proposal) => {
    await factum.agent?.dismissProposal(proposal.key);
    return { key: proposal.key, dismissed: true };
  });
}

/** The OpenAPI paths of the proposals (pure). */
export function proposalPaths(api: OpenApiContext): OpenApiPaths {
  const { readResponses } = api;
  return {
    '/api/proposals': {
      get: securedOperation(
        'queries',
        "The open proposals of the caller's roles: the acts a rule in proposal mode suggests, with the assessment and its reasons",
        { responses: { '200': json({ type: 'object' }), ...readResponses } },
      ),
    },
    '/api/proposals/{key}/confirm': {
      post: securedOperation(
        'acts',
        "Performs a proposal's acts in the caller's name (once: their ids derive from the fact the rule answered), then closes it",
        {
          parameters: routeParameters({ params: routeKeyParams }),
          responses: {
            '200': json({ type: 'object' }),
            '409': problemResponse(
              'An act of the proposal is not allowed now; the proposal stays open.',
            ),
            '422': problemResponse('A wait link or a rule refused an act of the proposal.'),
            ...readResponses,
          },
        },
      ),
    },
    '/api/proposals/{key}/dismiss': {
      post: securedOperation(
        'acts',
        'Closes a proposal without performing it; the fact stays on the agenda',
        {
          parameters: routeParameters({ params: routeKeyParams }),
          responses: { '200': json({ type: 'object' }), ...readResponses },
        },
      ),
    },
  };
}
