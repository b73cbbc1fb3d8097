/**
 * The audit trail of a transaction tree as a download: every fact in log order, as JSON or as CSV
 * for a spreadsheet (one row per fact: when, what, who in which role, the status it led to, why,
 * and its data).
 */
import type { JsonObject } from '../core/index.ts';
import { parseCursor } from '../engine/views/view-cursor.ts';
import type { ReadOptions, ViewQueries } from '../engine/views/view-queries.ts';
import type { Model } from '../model/model.ts';

/** Rows a download holds at most; a larger tree is exported with `factum export`. */
const maxRows = 100_000;

/** Every fact of the tree a transaction belongs to, page after page (impure: reads the views). */
export async function auditTrail(
  queries: ViewQueries,
  transactionId: string,
  options: ReadOptions,
): Promise<JsonObject[]> {
  const rows: JsonObject[] = [];
  let after = options.after;
  for (;;) {
    const page = await queries.audit(transactionId, {
      ...options,
      limit: 500,
      offset: 0,
      ...(after === undefined ? {} : { after }),
    });
    rows.push(...page.items);
    after = page.nextCursor === undefined ? undefined : parseCursor(page.nextCursor);
    if (after === undefined || rows.length >= maxRows) return rows;
  }
}

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@`
 * is escaped so a spreadsheet does not run it as a formula (pure).
 */
export function csvCell(value: unknown): string {
  let text =
    value === undefined || value === null
      ? ''
      : typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
          ? String(value)
          : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const columns = [
  'position',
  'time',
  'transaction',
  'kind',
  'kind name',
  'fact',
  'actor',
  'role',
  'role name',
  'party',
  'status',
  'revokes',
  'justification',
  'data',
] as const;

/** The audit rows as CSV with a header line, CRLF line ends (RFC 4180) (pure). */
export function auditCsv(model: Model, rows: readonly JsonObject[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) {
    const performer = (row['performer'] ?? {}) as { actor?: string; role?: string; party?: string };
    const kind = typeof row['kind'] === 'string' ? row['kind'] : '';
    const role = performer.role ?? '';
    lines.push(
      [
        row['position'],
        row['time'],
        row['transactionId'],
        kind,
        model.transactionKinds[kind]?.name,
        row['type'],
        performer.actor,
        role,
        model.actorRoles[role]?.name,
        performer.party,
        row['status'],
        row['revokes'],
        row['justification'],
        row['payload'],
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
