/** How the dashboard words and formats things: act labels, times, summaries (all pure). */
import type { AllowedAct, JsonValue } from '../../protocol/index.ts';

/** Acts that carry a justification: the performer says why. */
export const justifiedActs: ReadonlySet<string> = new Set([
  'decline',
  'reject',
  'stop',
  'revoke',
  'refuse',
  'quit',
]);

/** `promise` → `Promise` (pure). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const revokeLabels: Readonly<Record<string, string>> = {
  request: 'Revoke',
  promise: 'Revoke promise',
  declare: 'Revoke declaration',
  accept: 'Revoke acceptance',
};

/** The button label of an act: `Promise`, `Revoke`, `Revoke promise`, `Allow revocation` (pure). */
export function actLabel(act: AllowedAct): string {
  if (act.act === 'revoke') return revokeLabels[act.revokes ?? 'request'] ?? 'Revoke';
  if (act.act === 'allow') return 'Allow revocation';
  if (act.act === 'refuse') return 'Refuse revocation';
  return capitalise(act.act);
}

/** A stable key of an allowed act (pure). */
export function actKey(act: AllowedAct): string {
  return act.revokes === undefined ? act.act : `${act.act}:${act.revokes}`;
}

/** A time as the dashboard shows it: date and time to the second, local (pure given the locale). */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** `camelCase` or `snake_case` to words: `shippingAddress` → `Shipping address` (pure). */
export function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return capitalise(words);
}

/** A short one-line summary of a JSON value (pure). */
export function summarise(value: JsonValue | undefined, max = 120): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A status's badge tone: success, danger, warning, progress or neutral (pure). */
export function statusTone(status: string): string {
  if (status === 'accepted') return 'success';
  if (['declined', 'rejected', 'stopped', 'quitted', 'revoked'].includes(status)) return 'danger';
  if (status === 'declared' || status === 'executed') return 'warning';
  if (status === 'promised' || status === 'requested') return 'progress';
  return 'neutral';
}
