/**
 * The act plan: everything an act must satisfy, decided in one pure function over what the engine
 * loaded for it — the transaction, its parent and tree, the transactions of its entity instance and
 * the ledger positions. The engine asks `planNeeds` what to load, loads it, calls `planAct`, and
 * appends what the plan says (retrying on a version conflict). Nothing here does I/O.
 */
import type { Act } from './acts.ts';
import type { ActCommand, ActDetails, TransactionKindSpec } from './act-command.ts';
import { awaitedFacts, describeAwaited, type Reach } from './awaited-facts.ts';
import { actorInTree, admitChild, type ParentView } from './child-admission.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { Fact, TransactionRef } from './fact.ts';
import type { JsonValue } from './json.ts';
import {
  ledgerKeysToRead,
  plannedMovements,
  type LedgerPosition,
  type LedgerRule,
  type PlannedMovement,
} from './ledger-plan.ts';
import { parentKinds, waitLinksHolding, type ProcessLinks } from './process-links.ts';
import type { PayloadIssue, ProtocolError } from './protocol-error.ts';
import { err, ok, type Result } from './result.ts';
import type { TransactionState } from './transaction-state.ts';

/** What the plan reads of a model: the links, the kinds, the payload schemas and the ledgers. */
export interface ActPlanModel {
  readonly process: ProcessLinks;
  readonly kindSpec: (kind: string) => TransactionKindSpec | undefined;
  /** Checks an act's payload against the kind's schema (request: terms, execute: product). */
  readonly checkPayload: (kind: string, act: Act, payload: JsonValue) => readonly PayloadIssue[];
  readonly ledgers: readonly LedgerRule[];
}

/** An act to plan: the command `decide` takes, with the kind and the parent named by id. */
export interface ActToPlan extends ActDetails {
  /** On a request that starts a transaction: its kind. */
  readonly kind?: string;
  /** On a request that starts a child transaction: the parent's id. */
  readonly parent?: string;
}

/** What the engine loaded around a transaction for its plan. */
export interface Surroundings {
  /** On a request that starts a child: the parent with its children; undefined when it does not exist. */
  readonly parent?: ParentView;
  /** Every transaction of the tree (for a new child: the parent's tree). */
  readonly tree?: readonly TransactionState[];
  /** The transactions of the same entity instance, from any tree. */
  readonly sameEntity?: readonly TransactionState[];
  /** Ledger positions by `ledgerKey(ledger, key)`. */
  readonly ledgers?: ReadonlyMap<string, LedgerPosition>;
}

/** What the plan needs loaded: ask before planning, load, then plan. */
export interface PlanNeeds {
  /** The parent to load with its children. */
  readonly parent?: string;
  /** A transaction whose whole tree to load. */
  readonly treeOf?: string;
  /** An entity instance whose transactions to load. */
  readonly entity?: EntityInstance;
  readonly ledgerKeys: readonly { readonly ledger: string; readonly key: string }[];
}

/** An instance of an entity type, e.g. the `RENTAL` `r-17`. */
export interface EntityInstance {
  readonly type: string;
  readonly id: string;
}

/** What to append for an act: its facts and the bookkeeping that must go with them atomically. */
export interface ActPlan {
  readonly kind: TransactionKindSpec;
  readonly facts: readonly Fact[];
  /** The transaction's state after the facts. */
  readonly state: TransactionState;
  /** A child started: recorded under its parent, against the list's version when a bounded link admitted it. */
  readonly child?: {
    readonly parent: TransactionRef;
    readonly expectedVersion: number | 'any';
  };
  /** The entity instance a new transaction is about, recorded so wait links find it. */
  readonly entity?: EntityInstance;
  readonly ledgers: readonly PlannedMovement[];
}

/** The entity instance a transaction is about: named by its terms at the kind's key, else itself (pure). */
export function entityInstanceOf(
  spec: TransactionKindSpec,
  transactionId: string,
  terms: JsonValue,
): EntityInstance | undefined {
  if (spec.entity === undefined) return undefined;
  if (spec.entity.key === undefined) return { type: spec.entity.type, id: transactionId };
  let value: JsonValue | undefined = terms;
  for (const part of spec.entity.key.split('.')) {
    value =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Readonly<Record<string, JsonValue>>)[part]
        : undefined;
  }
  if (typeof value === 'number') value = String(value);
  return typeof value === 'string' && value.length > 0 && value.length <= 200
    ? { type: spec.entity.type, id: value }
    : undefined;
}

/**
 * Whether a kind's transactions are looked up by their entity instance: a wait link of a kind
 * about the same entity type awaits them. Only then is a new one recorded under its instance (pure).
 */
function awaitedAcrossTrees(
  process: ProcessLinks,
  kindSpec: ActPlanModel['kindSpec'],
  spec: TransactionKindSpec,
): boolean {
  const type = spec.entity?.type;
  if (type === undefined) return false;
  return (process.waitLinks ?? []).some((link) => {
    const waiting = kindSpec(link.act.kind)?.entity;
    // Two kinds without a key are each their own instance: they never share one.
    return (
      link.waitsFor.kind === spec.id &&
      waiting?.type === type &&
      (waiting.key !== undefined || spec.entity?.key !== undefined)
    );
  });
}

function isStart(state: TransactionState, act: ActToPlan): boolean {
  return state.status === 'initial' && act.act === 'request';
}

/** What must be loaded before an act on a transaction can be planned (pure). */
export function planNeeds(model: ActPlanModel, state: TransactionState, act: ActToPlan): PlanNeeds {
  const kindId = state.kind ?? act.kind;
  const spec = kindId === undefined ? undefined : model.kindSpec(kindId);
  if (spec === undefined) return { ledgerKeys: [] };
  const starting = isStart(state, act);
  const parent = starting ? act.parent : undefined;
  const terms = starting ? (act.payload ?? null) : state.terms;
  const waits = waitLinksHolding(model.process, spec.id, act.act).length > 0;
  const needsAddressee =
    parent !== undefined && spec.executor.personal && act.addressee === undefined;
  const treeOf =
    waits || needsAddressee ? (starting ? parent : (state.id ?? undefined)) : undefined;
  const entity = waits ? entityInstanceOf(spec, act.transactionId, terms) : undefined;
  return {
    ...(parent === undefined ? {} : { parent }),
    ...(treeOf === undefined ? {} : { treeOf }),
    ...(entity === undefined ? {} : { entity }),
    ledgerKeys: ledgerKeysToRead(model.ledgers, spec.id, act.act, terms),
  };
}

function unknown(state: TransactionState, act: ActToPlan, kind: string | undefined): ProtocolError {
  if (state.status === 'initial' && act.act !== 'request') {
    return {
      code: 'UnknownTransaction',
      act: act.act,
      transactionId: act.transactionId,
      message: `Transaction '${act.transactionId}' does not exist.`,
    };
  }
  return {
    code: 'UnknownKind',
    kind: kind ?? '',
    message:
      kind === undefined
        ? 'A request that starts a transaction must name its kind.'
        : `Unknown transaction kind '${kind}'.`,
  };
}

function payloadProblem(
  spec: TransactionKindSpec,
  act: Act,
  payload: JsonValue | undefined,
  model: ActPlanModel,
): ProtocolError | undefined {
  if (payload === undefined) return undefined;
  const issues = model.checkPayload(spec.id, act, payload);
  if (issues.length === 0) return undefined;
  const listed = issues.map((i) => `${i.path || '(payload)'}: ${i.message}`).join('; ');
  const what =
    act === 'execute'
      ? `${spec.name} execute must carry the product data${spec.product === undefined ? '' : ` of ${spec.product}`} as the kind's productPayload describes it`
      : `Invalid ${act} payload for ${spec.name}`;
  return { code: 'InvalidPayload', issues, message: `${what}: ${listed}` };
}

/**
 * Plans an act: the facts to append with their ledger movements and tree records, or the typed
 * refusal — protocol (the pattern table), payload and product schemas, response links and their
 * cardinality, wait links, ledgers. Pure: everything it reads is passed in.
 */
export function planAct(
  model: ActPlanModel,
  transaction: { readonly state: TransactionState },
  act: ActToPlan,
  around: Surroundings,
): Result<ActPlan, ProtocolError> {
  const { state } = transaction;
  const kindId = state.kind ?? act.kind;
  const spec = kindId === undefined ? undefined : model.kindSpec(kindId);
  if (spec === undefined) return err(unknown(state, act, kindId));
  const names = (kind: string): string => model.kindSpec(kind)?.name ?? kind;
  // A request always carries its terms, an execute of a kind with a product schema its product:
  // an absent payload is checked as null against the schema.
  const payload =
    act.act === 'request' || (act.act === 'execute' && spec.requiresProduct === true)
      ? (act.payload ?? null)
      : act.payload;
  const invalid = payloadProblem(spec, act.act, payload, model);
  if (invalid !== undefined) return err(invalid);
  const starting = isStart(state, act);
  let parentRef: TransactionRef | undefined;
  let addressee = act.addressee;
  let treeCorrelation: string | undefined;
  if (starting && act.parent !== undefined) {
    const parent = around.parent?.state;
    if (parent?.kind == null || parent.id === null) {
      return err({
        code: 'UnknownTransaction',
        act: act.act,
        transactionId: act.parent,
        message: `Parent transaction '${act.parent}' does not exist.`,
      });
    }
    parentRef = { transactionId: parent.id, kind: parent.kind };
    treeCorrelation = parent.correlationId ?? parent.id;
    if (addressee === undefined && spec.executor.personal) {
      addressee = actorInTree(spec.executor.role, parent.id, around.tree ?? [parent]);
    }
  }
  // Checked before the pattern: the parent is what names the addressee of a personal executor.
  const parents = starting && parentRef === undefined ? parentKinds(model.process, spec.id) : [];
  if (parents.length > 0) {
    return err({
      code: 'ParentRequired',
      kind: spec.id,
      parentKinds: parents,
      message: `${spec.name} (${spec.id}) is started by response links from ${parents.join(', ')}: request it under its parent transaction (name 'parent').`,
    });
  }
  // The declaration states the product: it carries what execute produced unless it says otherwise.
  const carried =
    act.act === 'declare' && act.payload === undefined && state.product !== null
      ? state.product
      : act.payload;
  const command: ActCommand = {
    actId: act.actId,
    transactionId: act.transactionId,
    act: act.act,
    ...(act.revokes === undefined ? {} : { revokes: act.revokes }),
    performer: act.performer,
    ...(addressee === undefined ? {} : { addressee }),
    time: act.time,
    ...(act.operativeTime === undefined ? {} : { operativeTime: act.operativeTime }),
    ...(act.justification === undefined ? {} : { justification: act.justification }),
    ...(carried === undefined ? {} : { payload: carried }),
    // A root transaction's facts are correlated by its own id, so its tree's audit trail is found by it.
    correlationId: act.correlationId ?? treeCorrelation ?? act.transactionId,
    ...(act.causationId === undefined ? {} : { causationId: act.causationId }),
    ...(parentRef === undefined ? {} : { parent: parentRef }),
  };
  const decided = decide(spec, state, command);
  if (!decided.ok) return decided;
  let child: ActPlan['child'];
  if (parentRef !== undefined && around.parent !== undefined) {
    const admitted = admitChild(model.process, spec.id, around.parent, names);
    if (!admitted.ok) return admitted;
    child = {
      parent: parentRef,
      expectedVersion: admitted.value.bounded ? around.parent.childListVersion : 'any',
    };
  }
  const next = decided.value.reduce<TransactionState>((s, f) => evolve(s, f), state);
  const reach: Reach = { tree: around.tree ?? [], sameEntity: around.sameEntity ?? [] };
  const awaited = awaitedFacts(model.process, next, act.act, reach).map((a) => ({
    ...a,
    kindName: names(a.kind),
  }));
  const first = awaited[0];
  if (first !== undefined) {
    return err({
      code: 'AwaitingFact',
      act: act.act,
      awaiting: first,
      message: `${spec.name} '${act.transactionId}' cannot ${act.act} yet: it waits for ${describeAwaited(awaited)}.`,
    });
  }
  const movements: PlannedMovement[] = [];
  let before = state;
  for (const fact of decided.value) {
    const after = evolve(before, fact);
    const planned = plannedMovements(
      model.ledgers,
      fact,
      before,
      after,
      around.ledgers ?? new Map(),
    );
    if (!planned.ok) return planned;
    movements.push(...planned.value);
    before = after;
  }
  const entity =
    starting && awaitedAcrossTrees(model.process, model.kindSpec, spec)
      ? entityInstanceOf(spec, act.transactionId, next.terms)
      : undefined;
  return ok({
    kind: spec,
    facts: decided.value,
    state: next,
    ...(child === undefined ? {} : { child }),
    ...(entity === undefined ? {} : { entity }),
    ledgers: movements,
  });
}
