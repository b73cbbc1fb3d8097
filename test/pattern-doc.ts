/**
 * Reads the reference tables of docs/transaction-pattern.md, so that tests hold the engine's pattern
 * tables against the page users read instead of against a copy of themselves.
 */
import { readFileSync } from 'node:fs';

/** The cells of each row of the first table under a `## heading` (header and rule skipped, backticks dropped). */
function tableUnder(doc: string, heading: string): string[][] {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/transaction-pattern.md has no section '${heading}'`);
  const end = doc.indexOf('\n## ', start + 1);
  const lines = doc
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('|'));
  return lines.slice(2).map((line) =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim().replaceAll('`', '')),
  );
}

/** One row of "The four revocation patterns". */
export interface DocRevocationRow {
  readonly revokes: string;
  readonly by: 'I' | 'E';
  readonly from: readonly string[];
  readonly answeredBy: 'I' | 'E';
  readonly afterAllow: string;
  /** The business event suffix of the revoke fact. */
  readonly event: string;
}

/** The reference tables of the pattern, as the docs have them. */
export interface PatternDoc {
  /** The statuses in the order of the status table. */
  readonly statuses: readonly string[];
  readonly terminal: readonly string[];
  /** "The standard pattern", row by row: [from, act, by, to]. */
  readonly standardRows: readonly (readonly [string, string, 'I' | 'E', string])[];
  readonly revocationRows: readonly DocRevocationRow[];
  /** The fact kinds in the order of "Business events", and each one's event for a kind named Order. */
  readonly factKinds: readonly string[];
  readonly orderEvents: readonly string[];
}

const party = (cell: string | undefined): 'I' | 'E' => {
  if (cell !== 'I' && cell !== 'E') throw new Error(`not a party: '${cell ?? ''}'`);
  return cell;
};

/** Parses docs/transaction-pattern.md (reads the file). */
export function readPatternDoc(): PatternDoc {
  const doc = readFileSync(new URL('../docs/transaction-pattern.md', import.meta.url), 'utf8');
  const statusRows = tableUnder(doc, 'Statuses');
  const events = tableUnder(doc, 'Business events');
  return {
    statuses: statusRows.map(([status]) => status ?? ''),
    terminal: statusRows.filter(([, terminal]) => terminal === 'yes').map(([s]) => s ?? ''),
    standardRows: tableUnder(doc, 'The standard pattern').map(
      ([from, act, by, to]) => [from ?? '', act ?? '', party(by), to ?? ''] as const,
    ),
    revocationRows: tableUnder(doc, 'The four revocation patterns').map(
      ([revokes, by, from, answeredBy, afterAllow, event]) => ({
        revokes: revokes ?? '',
        by: party(by),
        from: (from ?? '').split(',').map((s) => s.trim()),
        answeredBy: party(answeredBy),
        afterAllow: afterAllow ?? '',
        event: event ?? '',
      }),
    ),
    factKinds: events.map(([fact]) => fact ?? ''),
    orderEvents: events.map(([, event]) => event ?? ''),
  };
}
