/** What a model's own dashboard module contributes: screens, the screen each role lands on, and value formats. */
import type { ComponentType } from 'preact';
import type { ModelDoc } from '../../protocol/index.ts';
import type { Session } from './session.ts';
import type { ValueFormat } from './values.ts';

/** One screen a model adds: reached at `#/x/<path>`, listed in the navigation of its roles. */
export interface ModelScreen {
  /** The route segment: `#/x/<path>`. */
  readonly path: string;
  readonly title: string;
  /** The roles that see it. */
  readonly roles: readonly string[];
  readonly component: ComponentType<{ session: Session; model: ModelDoc }>;
}

/** A model's compiled additions to the dashboard. */
export interface DashboardExtension {
  readonly screens?: readonly ModelScreen[];
  /** The screen each role lands on (a screen's path), by role id. */
  readonly home?: Readonly<Record<string, string>>;
  /** Value formats named by `x-format` in the model's payload schemas, e.g. `product`. */
  readonly formats?: Readonly<Record<string, ValueFormat>>;
}
