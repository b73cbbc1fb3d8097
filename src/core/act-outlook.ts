/**
 * What may happen to a transaction now, as the Process Model sees it: the acts the pattern allows,
 * each marked with what a wait link still holds it back for, and the child kinds that may start
 * under it (by which link, to whom addressed by default, how many more). Read by the HTTP API and
 * the agendas, so a client shows a held-back act as waiting instead of offering it to fail.
 */
import type { ActPlanModel, EntityInstance } from './act-plan.ts';
import { entityInstanceOf } from './act-plan.ts';
import { allowedActs } from './allowed-acts.ts';
import { awaitedFacts, type Reach } from './awaited-facts.ts';
import { actorInTree, startableChildren, type StartableChild } from './child-admission.ts';
import { childKinds, waitLinksHolding } from './process-links.ts';
import type { AllowedAct, AwaitedFact } from './protocol-error.ts';
import type { TransactionState } from './transaction-state.ts';

/** An act allowed by the pattern; `waiting` lists what wait links still hold it back for. */
export interface ActOutlook extends AllowedAct {
  readonly waiting?: readonly AwaitedFact[];
}

/** A child kind that may start under the transaction now. */
export interface StartableOutlook extends StartableChild {
  readonly kindName: string;
  /** The child kind's initiator role: who requests it. */
  readonly role: string;
  readonly executorRole: string;
  /** The actor a request is addressed to when it names none (a personal executor role only). */
  readonly addressee?: string;
}

/** The acts and child starts open on a transaction now. */
export interface Outlook {
  readonly allowed: readonly ActOutlook[];
  readonly startable: readonly StartableOutlook[];
}

/** What the outlook of a transaction needs loaded around it. */
export interface OutlookNeeds {
  /** Load the transaction's tree (wait links or child addressees read it). */
  readonly tree: boolean;
  /** Load its children and the version of their list (child kinds may start under it). */
  readonly children: boolean;
  readonly entity?: EntityInstance;
}

/** What the outlook reads around a transaction: what wait links reach, and its children. */
export interface OutlookSurroundings extends Reach {
  readonly children: readonly TransactionState[];
}

/** What must be loaded for a transaction's outlook (pure). */
export function outlookNeeds(model: ActPlanModel, state: TransactionState): OutlookNeeds {
  if (state.kind === null || state.id === null) return { tree: false, children: false };
  const spec = model.kindSpec(state.kind);
  const waits = (model.process.waitLinks ?? []).some((link) => link.act.kind === state.kind);
  const children = childKinds(model.process, state.kind).length > 0;
  const entity =
    waits && spec !== undefined ? entityInstanceOf(spec, state.id, state.terms) : undefined;
  return { tree: waits || children, children, ...(entity === undefined ? {} : { entity }) };
}

/** The outlook of a transaction: allowed acts marked waiting, and startable children (pure). */
export function outlookOf(
  model: ActPlanModel,
  state: TransactionState,
  around: OutlookSurroundings,
): Outlook {
  const spec = state.kind === null ? undefined : model.kindSpec(state.kind);
  if (spec === undefined || state.id === null) return { allowed: [], startable: [] };
  const allowed = allowedActs(spec, state).map((allowedAct): ActOutlook => {
    if (waitLinksHolding(model.process, spec.id, allowedAct.act).length === 0) return allowedAct;
    const waiting = awaitedFacts(model.process, state, allowedAct.act, around).map((a) => ({
      ...a,
      kindName: model.kindSpec(a.kind)?.name ?? a.kind,
    }));
    return waiting.length === 0 ? allowedAct : { ...allowedAct, waiting };
  });
  const parentView = { state, children: around.children, childListVersion: 0 };
  const tree = around.tree.length === 0 ? [state] : around.tree;
  const startable = startableChildren(model.process, parentView).flatMap(
    (child): StartableOutlook[] => {
      const childSpec = model.kindSpec(child.kind);
      if (childSpec === undefined) return [];
      const addressee = childSpec.executor.personal
        ? actorInTree(childSpec.executor.role, state.id ?? '', tree)
        : undefined;
      return [
        {
          ...child,
          kindName: childSpec.name,
          role: childSpec.initiator.role,
          executorRole: childSpec.executor.role,
          ...(addressee === undefined ? {} : { addressee }),
        },
      ];
    },
  );
  return { allowed, startable };
}
