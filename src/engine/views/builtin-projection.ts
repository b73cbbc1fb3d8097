/**
 * The views every model gets: transaction status (with parent and children), the agenda of each
 * actor role (the facts awaiting its response and the acts it may perform now, read from the
 * pattern table), the audit trail of each transaction tree, the product facts in force, and the
 * balances of the ledgers. One projection writes them all, so they move together.
 */
import {
  allowedActs,
  evolve,
  initialTransactionState,
  type Fact,
  type JsonObject,
  type JsonValue,
  type TransactionState,
} from '../../core/index.ts';
import { kindSpecOf } from '../../model/kind-spec.ts';
import type { Model } from '../../model/model.ts';
import { isFactEvent, toFact } from '../fact-events.ts';
import {
  applyMovement,
  emptyBalance,
  isLedgerEvent,
  ledgerEntryOf,
  type LedgerBalance,
} from '../ledger-events.ts';
import type { RecordedEvent } from '../ports/event-store.ts';
import type { Projection, RowAccess } from './projection.ts';

/** Names of the built-in views. */
export const builtinViews = {
  transactions: 'transactions',
  agenda: 'agenda',
  audit: 'audit',
  factsInForce: 'facts-in-force',
  ledgers: 'ledgers',
} as const;

/** A row of the `transactions` view: the state plus what a dashboard shows of it. */
export interface TransactionRow extends JsonObject {
  readonly id: string;
  readonly kind: string;
  readonly kindName: string;
  readonly status: string;
  readonly version: number;
  readonly pendingRevocation: JsonValue;
  readonly initiator: JsonValue;
  readonly executor: JsonValue;
  readonly parent: JsonValue;
  readonly children: readonly string[];
  readonly correlationId: string;
  readonly terms: JsonValue;
  readonly product: JsonValue;
  readonly lastFact: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly position: string;
}

/** Rebuilds the transaction state held in a `transactions` row (pure). */
export function stateOfRow(row: JsonObject | undefined): TransactionState {
  if (row === undefined) return initialTransactionState;
  const r = row as unknown as TransactionState;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    version: r.version,
    pendingRevocation: r.pendingRevocation,
    initiator: r.initiator,
    executor: r.executor,
    parent: r.parent,
    correlationId: r.correlationId,
    terms: r.terms,
    product: r.product,
    updatedAt: r.updatedAt,
  };
}

/** The key of an agenda row: one per transaction and responding role (pure). */
export function agendaKey(transactionId: string, role: string): string {
  return `${transactionId}|${role}`;
}

/**
 * The key of an audit row: the global position (or its decimal text), zero-padded so keys sort in
 * log order (pure).
 */
export function auditKey(position: bigint | string): string {
  return (typeof position === 'string' ? position : position.toString()).padStart(20, '0');
}

/** Builds the built-in projection for a model. */
export function builtinProjection(model: Model, name = 'builtin@1'): Projection {
  // Each kind's spec derived once, not once per fact: the model does not change under a projection.
  const kinds = new Map<string, Kind | undefined>();
  const kindOf = (kind: string): Kind | undefined => {
    if (!kinds.has(kind)) {
      const spec = kindSpecOf(model, kind);
      kinds.set(
        kind,
        spec === undefined
          ? undefined
          : { spec, roles: [...new Set([spec.initiator.role, spec.executor.role])] },
      );
    }
    return kinds.get(kind);
  };
  return {
    name,
    views: Object.values(builtinViews),
    async apply(event: RecordedEvent, rows: RowAccess): Promise<void> {
      if (isLedgerEvent(event)) return applyLedger(event, rows);
      if (isFactEvent(event)) return applyFact(model, kindOf, toFact(event), event.position, rows);
    },
  };
}

type KindSpec = NonNullable<ReturnType<typeof kindSpecOf>>;

/** A kind's spec and the roles that may have it on their agenda, one each. */
interface Kind {
  readonly spec: KindSpec;
  readonly roles: readonly string[];
}

async function applyLedger(event: RecordedEvent, rows: RowAccess): Promise<void> {
  const entry = ledgerEntryOf(event);
  const key = `${entry.ledger}:${entry.key}`;
  const current = await rows.get(builtinViews.ledgers, key);
  const balance = (current?.row as unknown as LedgerBalance | undefined) ?? emptyBalance;
  const next = applyMovement(balance, entry);
  rows.set(
    builtinViews.ledgers,
    key,
    { ledger: entry.ledger, key: entry.key, ...next },
    { partition: entry.ledger },
  );
}

async function applyFact(
  model: Model,
  kindOf: (kind: string) => Kind | undefined,
  fact: Fact,
  position: bigint,
  rows: RowAccess,
): Promise<void> {
  const current = await rows.get(builtinViews.transactions, fact.transactionId);
  const before = stateOfRow(current?.row);
  const state = evolve(before, fact);
  const kind = kindOf(fact.kind);
  const spec = kind?.spec;
  let owner = state.initiator?.actor ?? state.executor?.actor ?? current?.owner ?? null;
  if (current === undefined && state.parent !== null) {
    const parent = await rows.get(builtinViews.transactions, state.parent.transactionId);
    if (parent !== undefined) {
      owner ??= parent.owner;
      const children = (parent.row.children as readonly string[] | undefined) ?? [];
      if (!children.includes(fact.transactionId)) {
        rows.set(
          builtinViews.transactions,
          parent.key,
          Object.assign({}, parent.row, { children: [...children, fact.transactionId] }),
          { partition: parent.partition, owner: parent.owner },
        );
      }
    }
  }
  // Every field written out, in the state's order then the row's own: an object literal with
  // properties after a spread defines each of them on V8's slow path, the cost of a rebuild.
  const row: TransactionRow = {
    id: fact.transactionId,
    kind: fact.kind,
    status: state.status,
    version: state.version,
    pendingRevocation: state.pendingRevocation as unknown as JsonValue,
    initiator: state.initiator as unknown as JsonValue,
    executor: state.executor as unknown as JsonValue,
    parent: state.parent as unknown as JsonValue,
    correlationId: state.correlationId ?? fact.correlationId,
    terms: state.terms,
    product: state.product,
    updatedAt: fact.time,
    kindName: spec?.name ?? fact.kind,
    children: (current?.row.children as readonly string[] | undefined) ?? [],
    lastFact: fact.type,
    createdAt: (current?.row.createdAt as string | undefined) ?? fact.time,
    position: position.toString(),
  };
  rows.set(builtinViews.transactions, fact.transactionId, row, { partition: fact.kind, owner });
  // The fact, then its position and status: one copy, the two added to it (no literal to merge).
  const audit: Record<string, JsonValue> = Object.assign({}, fact as unknown as JsonObject);
  audit['position'] = row.position;
  audit['status'] = state.status;
  rows.set(builtinViews.audit, auditKey(row.position), audit, {
    partition: row.correlationId,
    owner,
  });
  if (kind !== undefined) updateAgenda(kind, before, state, fact, rows);
  updateFactsInForce(model, state, fact, row, owner, rows);
}

function updateAgenda(
  { spec, roles }: Kind,
  before: TransactionState,
  state: TransactionState,
  fact: Fact,
  rows: RowAccess,
): void {
  // An agendum is a fact a role must respond to: the acts it may perform now, revocations aside
  // (revoking is the performer's own initiative, not a response).
  const responses = allowedActs(spec, state).filter((a) => a.act !== 'revoke');
  for (const role of roles) {
    const acts = responses.filter((a) => a.role === role);
    const key = agendaKey(fact.transactionId, role);
    if (acts.length === 0) {
      if (before.status !== 'initial') rows.delete(builtinViews.agenda, key);
      continue;
    }
    const party = acts[0]?.party ?? 'executor';
    const binding = party === 'initiator' ? state.initiator : state.executor;
    rows.set(
      builtinViews.agenda,
      key,
      {
        transactionId: fact.transactionId,
        kind: fact.kind,
        kindName: spec.name,
        role,
        party,
        status: state.status,
        pendingRevocation: state.pendingRevocation as unknown as JsonValue,
        awaiting: fact.type,
        since: fact.time,
        acts: acts.map((a) =>
          a.revokes === undefined ? { act: a.act } : { act: a.act, revokes: a.revokes },
        ),
        terms: state.terms,
        parent: state.parent as unknown as JsonValue,
      },
      { partition: role, owner: binding?.actor ?? null },
    );
  }
}

function updateFactsInForce(
  model: Model,
  state: TransactionState,
  fact: Fact,
  row: TransactionRow,
  owner: string | null,
  rows: RowAccess,
): void {
  // The product fact comes into force on accept and loses its force when a revocation rolls it back.
  if (state.status === 'accepted' && state.pendingRevocation === null) {
    const kind = model.transactionKinds[fact.kind];
    rows.set(
      builtinViews.factsInForce,
      fact.transactionId,
      {
        transactionId: fact.transactionId,
        kind: fact.kind,
        kindName: row.kindName,
        product: kind?.product ?? '',
        entityType: kind?.entityType ?? null,
        terms: state.terms,
        result: state.product,
        since: fact.time,
      },
      { partition: fact.kind, owner },
    );
  } else if (state.status !== 'accepted') {
    rows.delete(builtinViews.factsInForce, fact.transactionId);
  }
}
