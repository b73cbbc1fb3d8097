/**
 * @module factum/dashboard
 * What a model's own dashboard module may use: its screens are preact components bundled into the
 * dashboard when the server starts, and they build on the same parts as the core screens — data
 * that reloads live, act buttons, payload views and generated forms, the model's words and formats.
 *
 * @example
 * // examples/shop/dashboard/index.tsx, named by the model's `dashboard: { module }`
 * import { defineDashboard } from 'factum/dashboard';
 * export default defineDashboard({
 *   screens: [{ path: 'products', title: 'Products', roles: ['CA01'], component: ProductsScreen }],
 *   home: { CA01: 'products' },
 *   formats: { product: (sku) => productName(sku) },
 * });
 */
import type { DashboardExtension } from './extension-types.ts';

export type { DashboardExtension, ModelScreen } from './extension-types.ts';
export type {
  AgendaRow,
  AllowedAct,
  JsonValue,
  JsonValue as Json,
  JsonSchema,
  LedgerRow,
  ModelDoc,
  Page,
  TransactionRow,
} from '../../protocol/index.ts';
export { isJsonObject } from '../../protocol/index.ts';
export type { Session } from './session.ts';
export type { ValueFormat } from './values.ts';
export { describeError, get, newIdempotencyKey, perform } from './api.ts';
export { ActBar, AllowedActs } from './components/act-bar.tsx';
export { ParkedPanel } from './components/parked-panel.tsx';
export { PayloadSummary, PayloadView } from './components/payload-view.tsx';
export { SchemaFields } from './components/schema-form.tsx';
export { scrollIntoViewOnMount } from './components/scroll.ts';
export { StatusBadge } from './components/status-badge.tsx';
export { formatTime } from './format.ts';
export { refreshNow } from './live.ts';
export { href, navigate } from './router.ts';
export { initialValue } from './schema-values.ts';
export { useFetch } from './use-fetch.ts';
export { formatMoney, summarisePayload } from './values.ts';
export { actorWord, actWord, kindWord, roleWord, statusWord, waitingSentence } from './words.ts';

/** Declares a model's dashboard module; returns its argument, typed (pure). */
export function defineDashboard(extension: DashboardExtension): DashboardExtension {
  return extension;
}
