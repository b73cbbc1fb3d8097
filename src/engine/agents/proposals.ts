/**
 * Proposals: the acts a rule in `proposal` mode suggests, kept in the `proposals` view (partition:
 * the rule's role) with the assessment that led to them, until a person of that role confirms them
 * (performed in the person's name, with the ids derived from the fact, so a confirmation is done
 * once) or dismisses them, or the transaction moves on without them.
 */
import type { Fact, JsonObject, Performer, ProtocolError, Result } from '../../core/index.ts';
import { err, ok } from '../../core/index.ts';
import type { ActionRule, ConditionOutcome } from '../../model/action-rule.ts';
import type { Model } from '../../model/model.ts';
import type { Engine } from '../engine.ts';
import type { PerformInput } from '../perform-input.ts';
import type { RowChange, ViewStore } from '../ports/view-store.ts';

/** The view of open proposals. */
export const proposalsView = 'proposals';

/** A suggested response to a fact, waiting for a person of the rule's role to confirm it. */
export interface Proposal {
  readonly key: string;
  readonly rule: string;
  readonly description?: string;
  readonly role: string;
  /** The transaction whose fact the rule answers. */
  readonly transactionId: string;
  /** The fact the rule answers. */
  readonly cause: {
    readonly actId: string;
    readonly kind: string;
    readonly fact: string;
    readonly type: string;
    readonly time: string;
  };
  /** The acts it suggests, in order. */
  readonly acts: readonly PerformInput[];
  /** Why: each condition of the rule's assessment, whether it held, and the reason when not. */
  readonly assessment: readonly ConditionOutcome[];
  readonly proposedAt: string;
}

/** The key of a rule's proposal on a transaction: one open proposal per transaction and rule (pure). */
export function proposalKey(transactionId: string, rule: string): string {
  return `${transactionId}|${rule}`;
}

/** The row change that opens a proposal (pure). */
export function proposalChange(
  rule: ActionRule,
  fact: Fact,
  acts: readonly PerformInput[],
  assessment: readonly ConditionOutcome[],
  proposedAt: string,
): RowChange {
  const proposal: Proposal = {
    key: proposalKey(fact.transactionId, rule.id),
    rule: rule.id,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    role: rule.role,
    transactionId: fact.transactionId,
    cause: {
      actId: fact.actId,
      kind: fact.kind,
      fact: fact.fact,
      type: fact.type,
      time: fact.time,
    },
    acts,
    assessment,
    proposedAt,
  };
  // A personal role's proposal belongs to the actor bound to it (the rule then acts as that actor).
  const actor = acts.map((a) => a.performer.actor).find((a) => !a.startsWith('agent:'));
  return {
    view: proposalsView,
    key: proposal.key,
    row: proposal as unknown as JsonObject,
    partition: rule.role,
    ...(actor === undefined ? {} : { owner: actor }),
  };
}

/**
 * The proposals a fact makes stale: those of proposal rules on the fact's transaction, answered or
 * overtaken by this fact (pure). A rule that proposes again on this fact opens a new one after it.
 */
export function staleProposalChanges(model: Model, fact: Fact): RowChange[] {
  return (model.actionRules ?? [])
    .filter((rule) => rule.mode === 'proposal')
    .map((rule) => ({
      view: proposalsView,
      key: proposalKey(fact.transactionId, rule.id),
      row: null,
    }));
}

/** What confirming a proposal did: the acts performed, or the refusal that stopped it. */
export type ConfirmOutcome = Result<{ readonly facts: readonly Fact[] }, ProtocolError>;

/**
 * Confirms a proposal: performs its acts in order in the name of `performer` (who must fill the
 * rule's role), stopping at a refusal; when all are performed the proposal is closed.
 */
export async function confirmProposal(
  engine: Engine,
  views: ViewStore,
  projection: string,
  proposal: Proposal,
  performer: Performer,
): Promise<ConfirmOutcome> {
  const facts: Fact[] = [];
  for (const act of proposal.acts) {
    const result = await engine.perform({
      ...act,
      performer: { ...performer, role: proposal.role },
    });
    if (!result.ok) return err(result.error);
    facts.push(...result.value.facts);
  }
  await views.commit([
    { projection, changes: [{ view: proposalsView, key: proposal.key, row: null }] },
  ]);
  return ok({ facts });
}
