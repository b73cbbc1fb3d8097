/**
 * Queries read views: transactions (with facts and children, now or as of a past moment), agendas,
 * audit trails, the model's views and the ledgers, paged and filtered; a caller in personal roles
 * only ever sees what it owns, and another's transaction is simply not found.
 */
import type { FastifyInstance } from 'fastify';
import {
  evolve,
  initialTransactionState,
  type JsonObject,
  type JsonValue,
  type TransactionState,
} from '../../core/index.ts';
import { toFact, treeStreamId } from '../../engine/fact-events.ts';
import type { RecordedEvent } from '../../engine/ports/event-store.ts';
import { builtinViews } from '../../engine/views/builtin-projection.ts';
import type { AsOf, ReadOptions, RowsPage } from '../../engine/views/view-queries.ts';
import { isPersonalRole } from '../../model/kind-spec.ts';
import type { Model } from '../../model/model.ts';
import { isWithin, parseAsOf, viewsAsOf } from '../as-of.ts';
import { canSee, type Caller } from '../auth.ts';
import { callerOf, type HttpContext } from '../context.ts';
import { fail } from '../problem.ts';

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

function fold(events: readonly RecordedEvent[]): TransactionState {
  return events.reduce<TransactionState>(
    (state, event) => evolve(state, toFact(event)),
    initialTransactionState,
  );
}

function summary(id: string, state: TransactionState): JsonObject {
  return { ...(state as unknown as JsonObject), id };
}

/** The model as JSON: the document plus the names and descriptions of its rules, views and ledgers (pure). */
export function modelDocumentOf(model: Model): JsonValue {
  const { actionRules, views, ledgers, ...document } = model;
  return JSON.parse(
    JSON.stringify({
      ...document,
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
      })),
    }),
  ) as JsonValue;
}

/** Registers the query routes. */
export function registerQueryRoutes(app: FastifyInstance, context: HttpContext): void {
  const { factum, schemas, owners } = context;
  const { model } = factum;
  const modelJson = modelDocumentOf(model);

  const visibleOrNotFound = async (caller: Caller, id: string): Promise<void> => {
    const owner = await owners.ownerOf(id);
    if (owner === undefined || !canSee(caller, owner)) {
      fail(404, 'UnknownTransaction', `Transaction '${id}' does not exist.`, { transactionId: id });
    }
  };

  app.get('/api/model', () => modelJson);

  app.get('/api/health', async (_request, reply) => {
    const head = await factum.store.head();
    const projections = await factum.status();
    const failing = projections.some((p) => p.error !== undefined || !p.running);
    reply.header('cache-control', 'no-store');
    return {
      status: failing ? 'degraded' : 'ok',
      head: head ?? null,
      projections: projections.map((p) => ({
        projection: p.projection,
        position: p.position?.toString() ?? null,
        head: p.head?.toString() ?? null,
        lag: p.lag.toString(),
        running: p.running,
        ...(p.error === undefined ? {} : { error: p.error }),
      })),
      liveClients: context.hub.size,
    };
  });

  app.get<{ Querystring: PageQuery & { kind?: string } }>(
    '/api/transactions',
    { schema: { querystring: schemas.transactionsQuery } },
    async (request) => {
      const caller = await callerOf(context, request);
      const { kind } = request.query;
      return factum.queries.transactions({
        ...paging(request.query),
        ...ownOnly(caller, false),
        ...(kind === undefined ? {} : { kind }),
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { asOf?: string } }>(
    '/api/transactions/:id',
    { schema: { params: schemas.idParams, querystring: schemas.asOfQuery } },
    async (request, reply) => {
      const caller = await callerOf(context, request);
      const { id } = request.params;
      await visibleOrNotFound(caller, id);
      const asOf: AsOf | undefined =
        request.query.asOf === undefined ? undefined : parseAsOf(request.query.asOf);
      const all = await factum.store.readStream(id);
      const events = asOf === undefined ? all : all.filter((event) => isWithin(event, asOf));
      if (events.length === 0) {
        fail(404, 'UnknownTransaction', `Transaction '${id}' did not exist yet.`, {
          transactionId: id,
        });
      }
      const state = fold(events);
      reply.header('etag', `"${state.version}"`);
      if (asOf !== undefined) {
        // Every child ever linked; a child shows only if it had a fact by then. (The link is appended
        // after the child's first fact in the same atomic step, so filtering links would drop it.)
        const links = await factum.store.readStream(treeStreamId(id));
        const childIds = [
          ...new Set(links.map((e) => (e.data as { transactionId: string }).transactionId)),
        ];
        const children = [];
        for (const child of childIds) {
          const childEvents = (await factum.store.readStream(child)).filter((e) =>
            isWithin(e, asOf),
          );
          if (childEvents.length > 0) children.push(summary(child, fold(childEvents)));
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

  app.get<{ Params: { id: string }; Querystring: PageQuery }>(
    '/api/transactions/:id/audit',
    { schema: { params: schemas.idParams, querystring: schemas.pageQuery } },
    async (request) => {
      const caller = await callerOf(context, request);
      const { id } = request.params;
      await visibleOrNotFound(caller, id);
      return factum.queries.audit(id, { ...paging(request.query), ...ownOnly(caller, false) });
    },
  );

  app.get<{ Params: { role: string }; Querystring: PageQuery }>(
    '/api/agenda/:role',
    { schema: { params: schemas.roleParams, querystring: schemas.pageQuery } },
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
      return factum.queries.agenda(role, {
        ...paging(request.query),
        ...(personal ? { owner: caller.actor, includeShared: false } : {}),
      });
    },
  );

  const builtin = new Set<string>(Object.values(builtinViews));
  app.get<{
    Params: { name: string };
    Querystring: PageQuery & { partition?: string; asOf?: string };
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
        ...paging(request.query),
        ...ownOnly(caller, shared),
        ...(request.query.partition === undefined ? {} : { partition: request.query.partition }),
      };
      if (request.query.asOf === undefined) return factum.queries.view(name, options);
      const asOf = parseAsOf(request.query.asOf);
      const past = await viewsAsOf(factum, asOf, context.scratchViews());
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
