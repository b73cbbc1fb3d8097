/**
 * Cursors for keyset paging over a view: the sort value and key of the last row a page showed,
 * opaque to clients (base64url JSON). A page after a cursor neither skips nor repeats a row when
 * rows are added before it, unlike an offset (pure).
 */
import type { JsonObject } from '../../core/index.ts';
import type { ViewCursor } from '../ports/view-store.ts';
import { fieldText } from './view-filter.ts';

/** The cursor after a row, for a query sorted by `sortBy` (or by key) (pure). */
export function cursorAfter(key: string, row: JsonObject, sortBy: string | undefined): string {
  const value = sortBy === undefined ? '' : fieldText(row, sortBy);
  return Buffer.from(JSON.stringify({ v: value, k: key }), 'utf8').toString('base64url');
}

/** Reads a cursor back, or undefined when it is not one this module wrote (pure). */
export function parseCursor(text: string): ViewCursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { v, k } = parsed as { v?: unknown; k?: unknown };
    return typeof v === 'string' && typeof k === 'string' ? { value: v, key: k } : undefined;
  } catch {
    return undefined;
  }
}
