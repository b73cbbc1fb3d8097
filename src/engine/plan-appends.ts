/**
 * From an act plan to the append: the transaction's stream with its facts (against the version it
 * was decided on), the parent's list of children, the entity instance's list, the ledger movements.
 * One atomic multi-stream append: all of it is written, or none.
 */
import type { ActPlan } from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { entityStreamId, toNewEvent, treeStreamId } from './fact-events.ts';
import { movementPart } from './ledger-effects.ts';
import type { ExpectedVersion, StreamAppend } from './ports/event-store.ts';

/** The stream parts of a planned act; the first part is always the transaction's own (pure). */
export function planAppends(
  model: Model,
  plan: ActPlan,
  transactionId: string,
  actId: string,
  expectedVersion: number,
): StreamAppend[] {
  const parts: StreamAppend[] = [
    {
      streamId: transactionId,
      expectedVersion: expectedVersion === 0 ? 'no_stream' : expectedVersion,
      events: plan.facts.map(toNewEvent),
      metadata: {
        kind: plan.kind.id,
        ...(plan.child === undefined ? {} : { parent: plan.child.parent.transactionId }),
      },
    },
  ];
  if (plan.child !== undefined) {
    const expected: ExpectedVersion =
      plan.child.expectedVersion === 0 ? 'no_stream' : plan.child.expectedVersion;
    // A child admitted by a bounded link ('1', '0..1') is appended against the version of the
    // parent's list it was counted on: of two racing starts, one conflicts and is decided again.
    parts.push({
      streamId: treeStreamId(plan.child.parent.transactionId),
      expectedVersion: expected,
      events: [
        {
          id: `${actId}:child`,
          type: 'ChildInitiated',
          data: { transactionId, kind: plan.kind.id },
        },
      ],
    });
  }
  if (plan.entity !== undefined) {
    parts.push({
      streamId: entityStreamId(plan.entity.type, plan.entity.id),
      expectedVersion: 'any',
      events: [
        {
          id: `${actId}:entity`,
          type: 'EntityInstanceLinked',
          data: { transactionId, kind: plan.kind.id, entityType: plan.entity.type },
        },
      ],
    });
  }
  const first = plan.facts[0];
  if (first !== undefined) {
    parts.push(
      ...plan.ledgers.map((movement) => movementPart(model.ledgers ?? [], first, movement)),
    );
  }
  return parts;
}
