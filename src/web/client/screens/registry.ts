/**
 * Screens a particular model adds on top of the generic core, keyed by the model's name. The core
 * works for any model without them; a model's entry only adds navigation items and a home screen
 * per role.
 */
import type { ComponentType } from 'preact';
import type { ModelDoc } from '../api-types.ts';
import type { Session } from '../session.ts';
import { shopScreens } from './shop/index.ts';

/** One model-specific screen. */
export interface ModelScreen {
  /** The route segment: `#/x/<path>`. */
  readonly path: string;
  readonly title: string;
  /** The roles that see it. */
  readonly roles: readonly string[];
  readonly component: ComponentType<{ session: Session; model: ModelDoc }>;
}

/** A model's additions: its screens, and the screen each role lands on. */
export interface ModelScreens {
  readonly screens: readonly ModelScreen[];
  readonly home?: Readonly<Record<string, string>>;
}

const registry: Readonly<Record<string, ModelScreens>> = {
  shop: shopScreens,
};

/** The additions for a model, if it has any (pure). */
export function screensOf(modelName: string | undefined): ModelScreens | undefined {
  if (modelName === undefined || !Object.hasOwn(registry, modelName)) return undefined;
  return registry[modelName];
}

/** The model-specific screens a role sees (pure). */
export function screensFor(modelName: string | undefined, role: string): readonly ModelScreen[] {
  return (screensOf(modelName)?.screens ?? []).filter((screen) => screen.roles.includes(role));
}
