/**
 * Queries read views: transactions (with facts and children, now or as of a past moment), agendas,
 * audit trails, the model's views and the ledgers, paged and filtered; a caller in personal roles
 * only ever sees what it owns, and another's transaction is simply not found.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { JsonObject, JsonValue, TransactionState } from '../../core/index.ts';
import { viewsAsOf, type AsOf } from '../../engine/as-of.ts';
import { toFact } from '../../engine/fact-events.ts';
import { loadChildIds, loadTransaction } from '../../engine/load-transaction.ts';
import type { RecordedEvent } from '../../engine/ports/event-store.ts';
import { markWaiting } from '../../engine/process-outlook.ts';
import { builtinViews } from '../../engine/views/builtin-projection.ts';
import type { ReadOptions, RowsPage } from '../../engine/views/view-queries.ts';
import { isPersonalRole } from '../../model/kind-spec.ts';
import type { Model } from '../../model/model.ts';
import { parseAsOf } from '../as-of.ts';
import { canSee, type Caller } from '../auth.ts';
import { callerOf, type HttpContext } from '../context.ts';
import { auditCsv, auditTrail } from '../audit-export.ts';
import { filtersOf, pagingOf, type ListQuery } from '../list-query.ts';
import { fail } from '../problem.ts';
import { proposalsByTransaction } from './proposals.ts';
import {
  type OpenApiContext,
  type OpenApiPaths,
  answer,
  json,
  operation,
  page,
  ref,
  routeParameters,
  securedOperation,
  viewNames,
} from '../openapi-parts.ts';

interface PageQuery {
  readonly limit?: number;
  readonly offset?: number;
  readonly order?: 'asc' | 'desc';
}

function paging(query: PageQuery): ReadOptions {
  return {
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.offset === undefined ? {} : { offset: query.offset }),
    ...(query.order === undefined ? {} : { order: query.order }),
  };
}

function ownOnly(caller: Caller, includeShared: boolean): ReadOptions {
  return caller.restricted ? { owner: caller.actor, includeShared } : {};
}

function factOf(event: RecordedEvent): JsonObject {
  return {
    ...(toFact(event) as unknown as JsonObject),
    position: event.position.toString(),
    version: event.version,
  };
}

function summary(id: string, state: TransactionState): JsonObject {
  return { ...(state as unknown as JsonObject), id };
}

/** The model as JSON: the document plus the names and descriptions of its rules, views and ledgers (pure). */
export function modelDocumentOf(model: Model): JsonValue {
  const { actionRules, views, ledgers, dashboard, ...document } = model;
  // The module's path stays on the server: the client only learns that the model has one.
  const { module, ...declared } = dashboard ?? {};
  return JSON.parse(
    JSON.stringify({
      ...document,
      ...(dashboard === undefined
        ? {}
        : { dashboard: { ...declared, module: module !== undefined } }),
      actorRoles: Object.fromEntries(
        Object.entries(model.actorRoles).map(([id, role]) => [
          id,
          { ...role, personal: isPersonalRole(role) },
        ]),
      ),
      actionRules: (actionRules ?? []).map((rule) => ({
        id: rule.id,
        description: rule.description,
        role: rule.role,
        when: rule.when,
      })),
      views: (views ?? []).map((view) => ({
        name: view.name,
        description: view.description,
        readableBy: view.readableBy,
      })),
      builtinViews: Object.values(builtinViews),
      ledgers: (ledgers ?? []).map((ledger) => ({
        name: ledger.name,
        businessName: ledger.businessName,
        entityType: ledger.entityType,
        description: ledger.description,
        kind: ledger.kind,
        reserveOn: ledger.reserveOn,
        consumeOn: ledger.consumeOn,
        releaseOn: ledger.releaseOn,
      })),
    }),
  ) as JsonValue;
}

/** Registers the query routes. */
export function registerQueryRoutes(app: FastifyInstance, context: HttpContext): void {
  const { factum, schemas, owners } = context;
  const { model } = factum;
  const modelJson = modelDocumentOf(model);

  /** The caller and the transaction it asks for; one it may not see does not exist for it. */
  const visibleTransaction = async (
    request: FastifyRequest<{ Params: { id: string } }>,
  ): Promise<{ caller: Caller; id: string }> => {
    const caller = await callerOf(context, request);
    const { id } = request.params;
    const owner = await owners.ownerOf(id);
    if (owner === undefined || !canSee(caller, owner)) {
      fail(404, 'UnknownTransaction', `Transaction '${id}' does not exist.`, { transactionId: id });
    }
    return { caller, id };
  };

  app.get('/api/model', () => modelJson);

  app.get<{ Querystring: ListQuery }>(
    '/api/transactions',
    { schema: { querystring: schemas.transactionsQuery } },
    async (request) => {
      const caller = await callerOf(context, request);
      return factum.queries.transactions({
        ...pagingOf(request.query),
        where: filtersOf(model, request.query, 'updatedAt', ['initiator.actor', 'executor.actor']),
        ...ownOnly(caller, false),
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { asOf?: string } }>(
    '/api/transactions/:id',
    { schema: { params: schemas.idParams, querystring: schemas.asOfQuery } },
    async (request, reply) => {
      const { id } = await visibleTransaction(request);
      const asOf: AsOf | undefined =
        request.query.asOf === undefined ? undefined : parseAsOf(request.query.asOf);
      const { events, state } = await loadTransaction(factum.store, id, asOf);
      if (events.length === 0) {
        fail(404, 'UnknownTransaction', `Transaction '${id}' did not exist yet.`, {
          transactionId: id,
        });
      }
      reply.header('etag', `"${state.version}"`);
      if (asOf !== undefined) {
        // Every child ever linked; a child shows only if it had a fact by then. (The link is appended
        // after the child's first fact in the same atomic step, so filtering links would drop it.)
        const children = [];
        for (const child of await loadChildIds(factum.store, id)) {
          const then = await loadTransaction(factum.store, child, asOf);
          if (then.events.length > 0) children.push(summary(child, then.state));
        }
        return {
          transaction: summary(id, state),
          facts: events.map(factOf),
          children,
          asOf: request.query.asOf,
        };
      }
      const row = await factum.queries.transaction(id);
      const tree = await factum.queries.tree(id);
      return {
        // The view may be a moment behind the log; the log's state is the truth for status and version.
        transaction: { ...(row ?? {}), ...summary(id, state) },
        facts: events.map(factOf),
        children: tree.slice(1),
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: ListQuery & { format?: 'csv' | 'json' } }>(
    '/api/transactions/:id/audit',
    { schema: { params: schemas.idParams, querystring: schemas.auditQuery } },
    async (request, reply) => {
      const { caller, id } = await visibleTransaction(request);
      const options = { ...pagingOf(request.query), ...ownOnly(caller, false) };
      const { format } = request.query;
      if (format === undefined) return factum.queries.audit(id, options);
      const rows = await auditTrail(factum.queries, id, options);
      void reply
        .header('content-disposition', `attachment; filename="audit-${id}.${format}"`)
        .header('cache-control', 'no-store');
      if (format === 'json')
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(rows, null, 2));
      return reply.type('text/csv; charset=utf-8').send(auditCsv(model, rows));
    },
  );

  app.get<{ Params: { role: string }; Querystring: ListQuery }>(
    '/api/agenda/:role',
    { schema: { params: schemas.roleParams, querystring: schemas.agendaQuery } },
    async (request) => {
      const caller = await callerOf(context, request);
      const { role } = request.params;
      if (!caller.roles.includes(role)) {
        fail(403, 'RoleNotGranted', `Your token does not grant the role '${role}'.`, {
          role,
          roles: [...caller.roles],
        });
      }
      const personal = isPersonalRole(model.actorRoles[role]);
      const agenda = await factum.queries.agenda(role, {
        ...pagingOf(request.query),
        where: filtersOf(model, request.query, 'since'),
        ...(personal ? { owner: caller.actor, includeShared: false } : {}),
      });
      // An act a wait link holds back is marked waiting, with what it waits for.
      const marked = await markWaiting(model, (id) => factum.engine.outlook(id), agenda.items);
      // A rule in proposal mode leaves its acts, and why, on the row of the transaction it answered.
      const proposals = await proposalsByTransaction(context, caller, role);
      const items = marked.map((item) => {
        const open =
          typeof item.transactionId === 'string' ? proposals.get(item.transactionId) : undefined;
        return open === undefined ? item : { ...item, proposals: open };
      });
      return { ...agenda, items };
    },
  );

  const builtin = new Set<string>(Object.values(builtinViews));
  app.get<{
    Params: { name: string };
    Querystring: ListQuery & { partition?: string; asOf?: string };
  }>(
    '/api/views/:name',
    { schema: { params: schemas.nameParams, querystring: schemas.viewQuery } },
    async (request) => {
      const caller = await callerOf(context, request);
      const { name } = request.params;
      const definition = (model.views ?? []).find((view) => view.name === name);
      if (!builtin.has(name) && definition === undefined) {
        fail(404, 'UnknownView', `There is no view '${name}'.`, { view: name });
      }
      const readableBy = definition?.readableBy;
      if (readableBy !== undefined && !caller.roles.some((role) => readableBy.includes(role))) {
        fail(403, 'ViewNotReadable', `The view '${name}' is read by ${readableBy.join(', ')}.`, {
          view: name,
          readableBy: [...readableBy],
        });
      }
      const shared = definition !== undefined || name === builtinViews.ledgers;
      const options = {
        ...pagingOf(request.query),
        ...ownOnly(caller, shared),
        ...(request.query.partition === undefined ? {} : { partition: request.query.partition }),
      };
      if (request.query.asOf === undefined) return factum.queries.view(name, options);
      const asOf = parseAsOf(request.query.asOf);
      const past = await viewsAsOf(model, factum.store, asOf, context.scratchViews());
      const page: RowsPage = await past.view(name, options);
      return { ...page, asOf: request.query.asOf };
    },
  );

  app.get<{ Params: { name: string }; Querystring: PageQuery }>(
    '/api/ledgers/:name',
    { schema: { params: schemas.nameParams, querystring: schemas.pageQuery } },
    async (request) => {
      await callerOf(context, request);
      const { name } = request.params;
      if (!(model.ledgers ?? []).some((ledger) => ledger.name === name)) {
        fail(404, 'UnknownLedger', `There is no ledger '${name}'.`, { ledger: name });
      }
      return factum.queries.ledger(name, paging(request.query));
    },
  );
}

/** The OpenAPI paths of the query routes (pure). */
export function queryPaths(api: OpenApiContext): OpenApiPaths {
  const { model, schemas, readResponses } = api;
  const ok = (schema: JsonObject): JsonObject => ({ '200': json(schema), ...readResponses });
  const namedPath = (names: readonly string[]): JsonObject => ({
    name: 'name',
    in: 'path',
    required: true,
    schema: { type: 'string', enum: [...names] },
  });
  return {
    '/api/model': {
      get: operation('queries', 'The model this server runs', {
        responses: { '200': json({ type: 'object' }) },
      }),
    },
    '/api/transactions': {
      get: securedOperation(
        'queries',
        'Transactions, newest last; a personal role sees only its own',
        {
          parameters: routeParameters({ querystring: schemas.transactionsQuery }),
          responses: ok(page({ type: 'object' })),
        },
      ),
    },
    '/api/transactions/{id}': {
      get: securedOperation(
        'queries',
        'A transaction with its facts and children, now or as of a past position or time',
        {
          parameters: routeParameters({ params: schemas.idParams, querystring: schemas.asOfQuery }),
          responses: ok({
            type: 'object',
            properties: {
              transaction: { type: 'object' },
              facts: { type: 'array', items: ref('Fact') },
              children: { type: 'array', items: { type: 'object' } },
            },
          }),
        },
      ),
    },
    '/api/transactions/{id}/audit': {
      get: securedOperation(
        'queries',
        'The audit trail of the transaction tree: who did what, when and why',
        {
          parameters: routeParameters({
            params: schemas.idParams,
            querystring: schemas.auditQuery,
          }),
          responses: {
            '200': answer(
              'The facts of the tree in log order: a page, or the whole trail as a CSV or JSON download (`format`)',
              { 'application/json': page({ type: 'object' }), 'text/csv': { type: 'string' } },
            ),
            ...readResponses,
          },
        },
      ),
    },
    '/api/agenda/{role}': {
      get: securedOperation(
        'queries',
        "A role's agenda: what awaits its response and the acts it may perform (an act a wait link holds back carries `waiting`; a rule's proposal to confirm, `proposals`)",
        {
          parameters: routeParameters({
            params: schemas.roleParams,
            querystring: schemas.agendaQuery,
          }),
          responses: ok(page(ref('AgendaItem'))),
        },
      ),
    },
    '/api/views/{name}': {
      get: securedOperation('queries', 'Rows of a view, now or as of a past position or time', {
        parameters: [
          namedPath(viewNames(model)),
          ...routeParameters({ querystring: schemas.viewQuery }),
        ],
        responses: ok(page({ type: 'object' })),
      }),
    },
    ...((model.ledgers ?? []).length === 0
      ? {}
      : {
          '/api/ledgers/{name}': {
            get: securedOperation('queries', "A ledger's balances per key", {
              parameters: [
                namedPath((model.ledgers ?? []).map((l) => l.name)),
                ...routeParameters({ querystring: schemas.pageQuery }),
              ],
              responses: ok(page({ type: 'object' })),
            }),
          },
        }),
  };
}
