/**
 * A second process for the two-process SQLite test: appends in a loop to the same file as its
 * parent and reports on stdout, one JSON line each, which event ids were acknowledged.
 * Usage: node --import tsx child-appender.ts <path> <appends> <tag>
 */
import { ConcurrencyError, StoreUnavailableError } from '../../../engine/ports/store-errors.ts';
import { sqliteEventStore } from '../sqlite-event-store.ts';

const [path, appendsText, tag] = process.argv.slice(2);
if (path === undefined || appendsText === undefined || tag === undefined) {
  process.stderr.write('usage: child-appender <path> <appends> <tag>\n');
  process.exit(2);
}

const store = sqliteEventStore({ path, busyTimeoutMs: 10_000 });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for (let i = 0; i < Number(appendsText); i += 1) {
  const streamId = `shared-${i % 3}`;
  const ids = [`${tag}-${i}-a`, `${tag}-${i}-b`];
  const events = ids.map((id) => ({ id, type: 'Appended', data: { tag, i } }));
  try {
    if (i % 2 === 0) {
      await store.append({ streamId, expectedVersion: 'any', events });
    } else {
      const version = (await store.stream(streamId))?.version;
      await store.append({ streamId, expectedVersion: version ?? 'no_stream', events });
    }
    process.stdout.write(`${JSON.stringify({ acked: ids })}\n`);
  } catch (error) {
    if (error instanceof ConcurrencyError)
      process.stdout.write(`${JSON.stringify({ conflict: ids })}\n`);
    else if (error instanceof StoreUnavailableError)
      process.stdout.write(`${JSON.stringify({ unavailable: error.message })}\n`);
    else throw error;
  }
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await store.close();
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
