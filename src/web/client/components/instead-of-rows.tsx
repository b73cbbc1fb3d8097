/** What a fetched list shows while it has no rows to show. */
import type { JSX } from 'preact';
import type { Loaded } from '../use-fetch.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * What a fetched list shows instead of its rows: the fetch's error, "Loading…" until it has come, or
 * the `empty` line when it has no rows; null when there are rows to show.
 */
export function insteadOfRows(
  fetched: Loaded<unknown>,
  rows: number,
  empty: string,
): JSX.Element | null {
  if (fetched.error !== undefined) return <ErrorAlert error={fetched.error} />;
  if (fetched.data === undefined) return <p class="muted">Loading…</p>;
  if (rows === 0) return <p class="empty">{empty}</p>;
  return null;
}
