/**
 * The model's contribution to the dashboard, from both places a model may give it: declared in its
 * `dashboard` section (screens over its views, home screens — YAML or TypeScript) and compiled from
 * its own dashboard module (TypeScript screens and formats). The core screens never name a model.
 */
import bundled from 'factum:model-dashboard';
import type { ModelDoc } from '../../protocol/index.ts';
import type { DashboardExtension, ModelScreen } from './extension-types.ts';
import { DeclaredScreen } from './screens/declared-screen.tsx';
import type { ValueFormat } from './values.ts';

// The module's default export is typed where it is written (`defineDashboard`).
const contribution = (bundled ?? {}) as DashboardExtension;

/** The value formats the model's module adds (pure). */
export function modelFormats(): Readonly<Record<string, ValueFormat>> {
  return contribution.formats ?? {};
}

/** Every screen the model adds, declared ones first (pure). */
export function modelScreens(model: ModelDoc): readonly ModelScreen[] {
  const declared: ModelScreen[] = (model.dashboard?.screens ?? []).map((screen) => ({
    path: screen.path,
    title: screen.title,
    roles: screen.roles,
    component: (props) => <DeclaredScreen {...props} screen={screen} />,
  }));
  return [...declared, ...(contribution.screens ?? [])];
}

/** The model's screens a role sees (pure). */
export function screensFor(model: ModelDoc, role: string): readonly ModelScreen[] {
  return modelScreens(model).filter((screen) => screen.roles.includes(role));
}

/** Where a role lands after signing in: the model's home screen for it, else its agenda (pure). */
export function homeOf(model: ModelDoc, role: string): string {
  const home = contribution.home?.[role] ?? model.dashboard?.home?.[role];
  if (home === undefined || home === 'agenda') return '/agenda';
  return `/x/${home}`;
}
