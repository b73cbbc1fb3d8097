/**
 * Loads what a transaction's outlook needs (its tree, children, entity instance) and reads it with
 * the pure core: the acts allowed now, marked waiting where a wait link holds them back, and the
 * child kinds that may start under it. Agenda rows get the same marks.
 */
import {
  outlookNeeds,
  outlookOf,
  waitLinksHolding,
  type Act,
  type JsonObject,
  type Outlook,
  type TransactionState,
} from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { actPlanModelOf } from './act-plan-model.ts';
import { entityStreamId } from './fact-events.ts';
import { loadParentView, loadTree, type SurroundingsAccess } from './load-surroundings.ts';

/** A transaction's state and outlook. */
export interface TransactionOutlook {
  readonly state: TransactionState;
  readonly outlook: Outlook;
}

/** Loads a transaction's outlook: what may happen to it now, by the pattern and the Process Model. */
export async function loadOutlook(
  model: Model,
  access: SurroundingsAccess,
  transactionId: string,
): Promise<TransactionOutlook> {
  const { state } = await access.load(transactionId);
  const planModel = actPlanModelOf(model);
  const needs = outlookNeeds(planModel, state);
  const [tree, self, sameEntity] = await Promise.all([
    needs.tree ? loadTree(access, transactionId) : [],
    needs.children ? loadParentView(access, transactionId) : undefined,
    needs.entity === undefined
      ? []
      : loadEntity(access, entityStreamId(needs.entity.type, needs.entity.id)),
  ]);
  return {
    state,
    outlook: outlookOf(planModel, state, {
      tree,
      sameEntity,
      children: self?.children ?? [],
    }),
  };
}

async function loadEntity(
  access: SurroundingsAccess,
  streamId: string,
): Promise<readonly TransactionState[]> {
  const events = await access.store.readStream(streamId);
  const ids = [...new Set(events.map((e) => (e.data as { transactionId: string }).transactionId))];
  const loaded = await Promise.all(ids.map((id) => access.load(id)));
  return loaded.map((l) => l.state).filter((s) => s.status !== 'initial');
}

/**
 * Marks the acts of agenda rows that a wait link holds back with what they wait for; rows of kinds
 * without wait links are returned as they are, without a read.
 */
export async function markWaiting(
  model: Model,
  outlook: (transactionId: string) => Promise<TransactionOutlook>,
  rows: readonly JsonObject[],
): Promise<JsonObject[]> {
  const process = model.processModel ?? {};
  return Promise.all(
    rows.map(async (row) => {
      const kind = typeof row.kind === 'string' ? row.kind : '';
      const acts = Array.isArray(row.acts) ? (row.acts as readonly JsonObject[]) : [];
      const held = acts.some((a) => waitLinksHolding(process, kind, a.act as Act).length > 0);
      if (!held || typeof row.transactionId !== 'string') return row;
      const { outlook: seen } = await outlook(row.transactionId);
      return {
        ...row,
        acts: acts.map((a) => {
          const waiting = seen.allowed.find(
            (allowed) => allowed.act === a.act && allowed.revokes === a.revokes,
          )?.waiting;
          return waiting === undefined ? a : { ...a, waiting: waiting.map((w) => ({ ...w })) };
        }),
      };
    }),
  );
}
