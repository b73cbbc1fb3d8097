/** A projection the view tests count with: a fact applied twice shows as a count above the log's length. */
import type { Projection } from './projection.ts';

/** Counts every event it is given into one row; each batch reads what the batch before it wrote. */
export const countingProjection: Projection = {
  name: 'counting@1',
  views: ['counts'],
  async apply(event, rows) {
    const current = (await rows.get('counts', 'all'))?.row.count as number | undefined;
    rows.set('counts', 'all', { count: (current ?? 0) + 1, last: event.position.toString() });
  },
};
