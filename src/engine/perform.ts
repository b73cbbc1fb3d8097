/**
 * The command side: perform one act. Load the transaction (and what its plan needs around it:
 * parent, tree, entity instance, ledgers), plan it with the pure core, append what the plan says
 * with the expected versions; on a version conflict load and plan again (bounded). A refusal comes
 * back as its typed value and nothing is appended.
 *
 * The first attempt decides on the state this process last saw, without a read: the append's
 * expected version proves that state current. A conflict, or a refusal decided on it, is decided
 * again on what the log holds, so the log stays the only authority.
 */
import {
  err,
  initialTransactionState,
  ok,
  parseAct,
  parseRevocableAct,
  planAct,
  planNeeds,
  type Act,
  type ActCommand,
  type ActToPlan,
  type Fact,
  type ProtocolError,
  type Result,
  type TransactionState,
} from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { actPlanModelOf } from './act-plan-model.ts';
import { treeStreamId } from './fact-events.ts';
import type { LedgerReader } from './ledger-cache.ts';
import { readLedger } from './ledger-effects.ts';
import { loadSurroundings } from './load-surroundings.ts';
import { loadTransaction, stateAtAct, type LoadedTransaction } from './load-transaction.ts';
import type { PerformInput } from './perform-input.ts';
import { planAppends } from './plan-appends.ts';
import { decideInSpan } from './tracing.ts';
import type { EventStore } from './ports/event-store.ts';
import { ConcurrencyError, DuplicateEventError } from './ports/store-errors.ts';
import { tunables } from '../tunables.ts';

/** The outcome of a performed act: the facts appended and the transaction's state after them. */
export interface Performed {
  readonly transactionId: string;
  readonly facts: readonly Fact[];
  readonly state: TransactionState;
  /** True when the act id was seen before: nothing was appended, the original outcome is returned. */
  readonly duplicate: boolean;
}

/** What `perform` needs around it: the model, the store, a clock and an id source. */
export interface PerformContext {
  readonly model: Model;
  readonly store: EventStore;
  readonly now: () => Date;
  readonly newId: (prefix: string) => string;
  /** Attempts on version conflicts before giving up with the ConcurrencyError. */
  readonly maxAttempts?: number;
  /** Loads a transaction (default: its whole stream); the engine passes its cache. */
  readonly load?: (transactionId: string) => Promise<LoadedTransaction>;
  /**
   * The transaction as this process last saw it, without asking the log. A first attempt decides on
   * it: the append's expected version proves it current (or fails, and the act is decided again on
   * what `load` reads). Anything but a success is decided again on a fresh load before it is answered.
   */
  readonly lastSeen?: (transactionId: string) => LoadedTransaction | undefined;
  /** Told a transaction's state after this process appended to it. */
  readonly remember?: (transactionId: string, loaded: LoadedTransaction) => void;
  /** Reads a ledger key's balance from the log (default: its whole stream); the engine caches. */
  readonly readLedger?: LedgerReader;
  /** Appends the decided facts: the store's `append`, or a group committer in front of it. */
  readonly append?: EventStore['append'];
}

const transactionIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Performs an act: appends its fact, or returns the typed refusal with nothing appended. */
export async function perform(
  context: PerformContext,
  input: PerformInput,
): Promise<Result<Performed, ProtocolError>> {
  const act = parseAct(input.act);
  if (act === undefined) {
    return err({ code: 'MalformedAct', act: input.act, message: `Unknown act '${input.act}'.` });
  }
  const revokes = input.revokes === undefined ? undefined : parseRevocableAct(input.revokes);
  if (input.revokes !== undefined && revokes === undefined) {
    return err({
      code: 'MalformedAct',
      act: input.act,
      message: `'${input.revokes}' cannot be revoked: revoke one of request, promise, declare, accept.`,
    });
  }
  if (context.model.actorRoles[input.performer.role] === undefined) {
    return err({
      code: 'UnknownRole',
      role: input.performer.role,
      message: `Unknown actor role '${input.performer.role}'.`,
    });
  }
  const transactionId = input.transactionId ?? (act === 'request' ? undefined : '');
  if (transactionId === '') {
    return err({
      code: 'MalformedAct',
      act,
      message: `A ${act} must name the transaction it is performed on.`,
    });
  }
  if (transactionId !== undefined && !transactionIdPattern.test(transactionId)) {
    return err({
      code: 'UnknownTransaction',
      act,
      transactionId,
      message: `'${transactionId}' is not a transaction id (letters, digits, '.', '_', '-'; at most 128).`,
    });
  }
  const request: ActRequest = {
    input,
    actId: input.actId ?? context.newId('act'),
    act,
    revokes,
    givenId: transactionId,
  };
  const maxAttempts = context.maxAttempts ?? tunables.perform.maxAttempts;
  let fresh = false;
  for (let attempt = 1; ; attempt += 1) {
    const { outcome, trusted } = await attemptOnce(context, request, fresh);
    fresh = true;
    if (outcome instanceof ConcurrencyError) {
      if (attempt >= maxAttempts || (input.expectedVersion !== undefined && !trusted))
        throw outcome;
      continue;
    }
    // A refusal decided on the remembered state may only mean that it was behind the log.
    if (trusted && !outcome.ok) continue;
    return outcome;
  }
}

/** An act as checked before any attempt to perform it. */
interface ActRequest {
  readonly input: PerformInput;
  readonly actId: string;
  readonly act: Act;
  readonly revokes: ActCommand['revokes'];
  /** The transaction named by the caller; undefined when a request starts a new one. */
  readonly givenId: string | undefined;
}

interface Attempt {
  readonly outcome: Result<Performed, ProtocolError> | ConcurrencyError;
  /** True when the act was decided on the remembered state, not on a read of the log. */
  readonly trusted: boolean;
}

async function attemptOnce(
  context: PerformContext,
  request: ActRequest,
  fresh: boolean,
): Promise<Attempt> {
  const kindId = request.input.kind;
  const transactionId =
    request.givenId ??
    context.newId(context.model.transactionKinds[kindId ?? '']?.name.toLowerCase() ?? 'tx');
  const { loaded, trusted } = await loadFor(context, transactionId, request.givenId, fresh);
  return { outcome: await decideAndAppend(context, request, transactionId, loaded), trusted };
}

/**
 * The transaction to decide on: a new id's empty state (nothing can be in the log under an id just
 * made), the remembered state on a first attempt, or what the log holds.
 */
async function loadFor(
  context: PerformContext,
  transactionId: string,
  givenId: string | undefined,
  fresh: boolean,
): Promise<{ loaded: LoadedTransaction; trusted: boolean }> {
  if (givenId === undefined) {
    return { loaded: { facts: [], state: initialTransactionState }, trusted: false };
  }
  const remembered = fresh ? undefined : context.lastSeen?.(transactionId);
  if (remembered !== undefined) return { loaded: remembered, trusted: true };
  const load = context.load ?? ((id: string) => loadTransaction(context.store, id));
  return { loaded: await load(transactionId), trusted: false };
}

async function decideAndAppend(
  context: PerformContext,
  request: ActRequest,
  transactionId: string,
  loaded: LoadedTransaction,
): Promise<Result<Performed, ProtocolError> | ConcurrencyError> {
  const { input, actId, act, revokes } = request;
  const { model, store } = context;
  const previous = stateAtAct(loaded.facts, actId);
  if (previous !== undefined) return ok({ transactionId, ...previous, duplicate: true });
  const { state } = loaded;
  if (input.expectedVersion !== undefined && input.expectedVersion !== state.version) {
    return new ConcurrencyError(transactionId, input.expectedVersion, state.version);
  }
  const toPlan: ActToPlan = {
    actId,
    transactionId,
    act,
    ...(revokes === undefined ? {} : { revokes }),
    performer: input.performer,
    ...(input.kind === undefined ? {} : { kind: input.kind }),
    ...(input.parent === undefined ? {} : { parent: input.parent }),
    ...(input.addressee === undefined ? {} : { addressee: input.addressee }),
    time: context.now().toISOString(),
    ...(input.operativeTime === undefined ? {} : { operativeTime: input.operativeTime }),
    ...(input.justification === undefined ? {} : { justification: input.justification }),
    ...(input.payload === undefined ? {} : { payload: input.payload }),
    ...(input.correlationId === undefined ? {} : { correlationId: input.correlationId }),
    ...(input.causationId === undefined ? {} : { causationId: input.causationId }),
  };
  const planModel = actPlanModelOf(model);
  const needs = planNeeds(planModel, state, toPlan);
  const access = {
    store,
    load: context.load ?? ((id: string) => loadTransaction(store, id)),
    readLedger: context.readLedger ?? ((name: string, key: string) => readLedger(store, name, key)),
  };
  const around = await loadSurroundings(access, needs);
  const planned = decideInSpan({ 'factum.act': toPlan.act }, () =>
    planAct(planModel, loaded, toPlan, around),
  );
  if (!planned.ok) {
    // A retried child request whose first attempt started it under another generated id.
    const original = await startedBefore(context, request, planned.error);
    return original ?? planned;
  }
  const plan = planned.value;
  const parts = planAppends(model, plan, transactionId, actId, state.version);
  try {
    const append = context.append ?? ((p, o) => store.append(p, o));
    const appended = await append(parts, { idempotencyKey: actId });
    if (appended.duplicate) {
      // The store returns the original append: its first part is the transaction the act went to.
      const originalId = appended.streams[0]?.streamId ?? transactionId;
      const isTransaction = !originalId.includes(':');
      const original = isTransaction
        ? stateAtAct((await loadTransaction(store, originalId)).facts, actId)
        : undefined;
      if (original !== undefined)
        return ok({ transactionId: originalId, ...original, duplicate: true });
      // The id was spent on something that is not an act (e.g. a ledger receipt): nothing appended.
      throw new DuplicateEventError(actId);
    }
  } catch (error) {
    if (error instanceof ConcurrencyError) return error;
    throw error;
  }
  context.remember?.(transactionId, { facts: [...loaded.facts, ...plan.facts], state: plan.state });
  return ok({ transactionId, facts: plan.facts, state: plan.state, duplicate: false });
}

/**
 * The original outcome of a child request sent again with its act id: its first attempt started
 * the child under an id made then, so the parent's list of children holds the act id, not this one.
 */
async function startedBefore(
  context: PerformContext,
  request: ActRequest,
  refusal: ProtocolError,
): Promise<Result<Performed, ProtocolError> | undefined> {
  const parent = request.input.parent;
  if (refusal.code !== 'CardinalityExceeded' || parent === undefined) return undefined;
  const list = await context.store.readStream(treeStreamId(parent));
  const entry = list.find((event) => event.id === `${request.actId}:child`);
  if (entry === undefined) return undefined;
  const childId = (entry.data as { transactionId: string }).transactionId;
  const original = stateAtAct((await loadTransaction(context.store, childId)).facts, request.actId);
  return original === undefined
    ? undefined
    : ok({ transactionId: childId, ...original, duplicate: true });
}
