/** Runs a model's own view (a `ViewDefinition`) as a projection over the facts of the log. */
import { evolve, type JsonObject } from '../../core/index.ts';
import type { ViewDefinition, ViewFactContext } from '../../model/view-definition.ts';
import { stateOfRow } from './builtin-projection.ts';
import { isFactEvent, toFact } from '../fact-events.ts';
import type { RecordedEvent } from '../ports/event-store.ts';
import type { Projection, RowAccess } from './projection.ts';

/** The view in which a view that keeps transactions keeps them (pure). */
export function transactionsViewOf(view: string): string {
  return `${view}#transactions`;
}

/** The projection of one model view; its checkpoint name carries the view's version. */
export function modelViewProjection(view: ViewDefinition): Projection {
  const kept = view.keepsTransactions === true ? transactionsViewOf(view.name) : undefined;
  return {
    name: `view:${view.name}@${view.version ?? 1}`,
    views: kept === undefined ? [view.name] : [view.name, kept],
    async apply(event: RecordedEvent, rows: RowAccess): Promise<void> {
      if (!isFactEvent(event)) return;
      const fact = toFact(event);
      let context: ViewFactContext | undefined;
      if (kept !== undefined) {
        const transaction = evolve(
          stateOfRow((await rows.get(kept, fact.transactionId))?.row),
          fact,
        );
        rows.set(kept, fact.transactionId, transaction as unknown as JsonObject);
        const parentId = transaction.parent?.transactionId;
        const parentRow = parentId === undefined ? undefined : await rows.get(kept, parentId);
        context = {
          transaction,
          parent: parentRow === undefined ? undefined : stateOfRow(parentRow.row),
        };
      }
      const changes = await view.project(
        fact,
        async (key) => (await rows.get(view.name, key))?.row,
        context,
      );
      for (const change of changes) {
        if ('delete' in change) {
          rows.delete(view.name, change.key);
          continue;
        }
        // A change that names no partition or owner keeps the row's.
        const before =
          change.partition === undefined || change.owner === undefined
            ? await rows.get(view.name, change.key)
            : undefined;
        rows.set(view.name, change.key, change.row, {
          partition: change.partition ?? before?.partition ?? null,
          owner: change.owner ?? before?.owner ?? null,
        });
      }
    },
  };
}
