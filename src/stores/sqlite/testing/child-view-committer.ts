/**
 * A second process for the two-process SQLite view-store test: commits view rows and checkpoints
 * in a loop to the same file as its parent, then reports on stdout, one JSON line each.
 * Usage: node --import tsx child-view-committer.ts <path> <commits> <tag>
 */
import { sqliteEventStore } from '../sqlite-event-store.ts';
import { sqliteViewStore } from '../sqlite-view-store.ts';

const [path, commitsText, tag] = process.argv.slice(2);
if (path === undefined || commitsText === undefined || tag === undefined) {
  process.stderr.write('usage: child-view-committer <path> <commits> <tag>\n');
  process.exit(2);
}

const events = sqliteEventStore({ path, busyTimeoutMs: 10_000 });
const views = sqliteViewStore(events);
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for (let i = 0; i < Number(commitsText); i += 1) {
  await views.commit([
    {
      projection: tag,
      checkpoint: `${tag}-${i}`,
      position: BigInt(i),
      changes: [
        { view: 'shared', key: `${tag}-${i}`, row: { tag, i } },
        { view: 'shared', key: 'last-writer', row: { tag, i } },
      ],
    },
  ]);
  if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
await views.close();
await events.close();
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
