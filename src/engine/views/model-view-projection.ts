/** Runs a model's own view (a `ViewDefinition`) as a projection over the facts of the log. */
import type { ViewDefinition } from '../../model/view-definition.ts';
import { isFactEvent, toFact } from '../fact-events.ts';
import type { RecordedEvent } from '../ports/event-store.ts';
import type { Projection, RowAccess } from './projection.ts';

/** The projection of one model view; its checkpoint name carries the view's version. */
export function modelViewProjection(view: ViewDefinition): Projection {
  return {
    name: `view:${view.name}@${view.version ?? 1}`,
    views: [view.name],
    async apply(event: RecordedEvent, rows: RowAccess): Promise<void> {
      if (!isFactEvent(event)) return;
      const fact = toFact(event);
      const changes = await view.project(
        fact,
        async (key) => (await rows.get(view.name, key))?.row,
      );
      for (const change of changes) {
        if ('delete' in change) rows.delete(view.name, change.key);
        else
          rows.set(view.name, change.key, change.row, {
            partition: change.partition ?? null,
            owner: change.owner ?? null,
          });
      }
    },
  };
}
