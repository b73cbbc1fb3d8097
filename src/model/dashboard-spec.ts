/**
 * What a model adds to the dashboard, declaratively (YAML or TypeScript): the words its users say
 * for acts and facts (`Pay` for a payment's execute), the currency of its money, the screen each
 * role lands on, and screens over its views; and, in a TypeScript model, the module with its own
 * screens and formats, bundled into the dashboard when the server starts.
 */
import { z } from 'zod';
import { allActs } from '../core/index.ts';
import type { DashboardWords } from '../protocol/model-document.ts';

/** A column of a declared screen's table. */
export interface DashboardColumn {
  /** A field of the view's rows; a dotted path reads a nested field (`customer.name`). */
  readonly field: string;
  readonly title?: string;
  /** `money`, `date`, `date-time`, `transaction` (a link to it), or a format of the model's module. */
  readonly format?: string;
  /** With `money`: the currency (ISO 4217) when the row does not carry one in `currency`. */
  readonly currency?: string;
}

/** A screen declared without code: a table of one of the model's views and/or a kind's request form. */
export interface DashboardScreen {
  /** Its address: `#/x/<path>`. */
  readonly path: string;
  readonly title: string;
  /** The roles whose navigation lists it. */
  readonly roles: readonly string[];
  readonly description?: string;
  /** A view whose rows the screen lists. */
  readonly view?: string;
  readonly columns?: readonly DashboardColumn[];
  /** A kind whose request form the screen shows. */
  readonly start?: string;
}

/** The model's `dashboard` section: its words and home screens, its screens and its module. */
export interface DashboardSpec extends DashboardWords {
  readonly screens?: readonly DashboardScreen[];
  /**
   * TypeScript models only: the path (absolute, or a `file:` URL such as
   * `new URL('./dashboard/index.tsx', import.meta.url).href`) of a module whose default export is
   * `defineDashboard({ screens, home, formats })` from `factum/dashboard`.
   */
  readonly module?: string;
}

const words = z.record(z.string(), z.record(z.string(), z.string().min(1)));

const column = z.strictObject({
  field: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, {
    error: 'a column field is a field name or a dotted path (customer.name)',
  }),
  title: z.string().exactOptional(),
  format: z.string().exactOptional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'a currency is an ISO 4217 code such as EUR' })
    .exactOptional(),
});

const screen = z.strictObject({
  path: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    error: 'a screen path is lower-case letters, digits and -',
  }),
  title: z.string().min(1),
  roles: z.array(z.string()).min(1, { error: 'a screen names at least one role' }),
  description: z.string().exactOptional(),
  view: z.string().exactOptional(),
  columns: z.array(column).exactOptional(),
  start: z.string().exactOptional(),
});

/** The structural schema of the `dashboard` section (cross-references are `dashboardProblems`'). */
export const dashboardSchema = z.strictObject({
  acts: words.exactOptional(),
  facts: words.exactOptional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'a currency is an ISO 4217 code such as EUR' })
    .exactOptional(),
  home: z.record(z.string(), z.string()).exactOptional(),
  screens: z.array(screen).exactOptional(),
  module: z.string().min(1).exactOptional(),
});

/** A problem in the dashboard section: where below `dashboard` and what. */
export interface DashboardProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The acts a dashboard may name words for; a revocation's words come with the act it revokes. */
const actNames: readonly string[] = allActs.filter((act) => act !== 'revoke');

/**
 * The dashboard section's references checked against the model: known kinds, roles, acts and
 * views, home screens that exist, no two screens at one path (pure).
 */
export function dashboardProblems(
  dashboard: Partial<DashboardSpec> | undefined,
  known: {
    roles: ReadonlySet<string>;
    kinds: ReadonlySet<string>;
    views: ReadonlySet<string> | undefined;
  },
): DashboardProblem[] {
  if (dashboard === undefined || typeof dashboard !== 'object' || dashboard === null) return [];
  const problems: DashboardProblem[] = [];
  for (const [kind, acts] of Object.entries(dashboard.acts ?? {})) {
    if (!known.kinds.has(kind))
      problems.push({ path: ['acts', kind], message: `unknown transaction kind '${kind}'` });
    for (const act of Object.keys(acts))
      if (!actNames.includes(act))
        problems.push({
          path: ['acts', kind, act],
          message: `unknown act '${act}'; valid acts: ${actNames.join(', ')}`,
        });
  }
  for (const kind of Object.keys(dashboard.facts ?? {}))
    if (!known.kinds.has(kind))
      problems.push({ path: ['facts', kind], message: `unknown transaction kind '${kind}'` });
  const paths = new Set<string>();
  (dashboard.screens ?? []).forEach((s, i) => {
    if (paths.has(s.path))
      problems.push({ path: ['screens', i, 'path'], message: `duplicate screen path '${s.path}'` });
    paths.add(s.path);
    (s.roles ?? []).forEach((role, j) => {
      if (!known.roles.has(role))
        problems.push({
          path: ['screens', i, 'roles', j],
          message: `unknown actor role '${role}'`,
        });
    });
    if (s.start !== undefined && !known.kinds.has(s.start))
      problems.push({
        path: ['screens', i, 'start'],
        message: `unknown transaction kind '${s.start}'`,
      });
    if (s.view !== undefined && known.views !== undefined && !known.views.has(s.view))
      problems.push({ path: ['screens', i, 'view'], message: `unknown view '${s.view}'` });
    if (s.view === undefined && s.start === undefined)
      problems.push({
        path: ['screens', i],
        message: 'a screen shows a view, a request form (start), or both',
      });
  });
  for (const [role, home] of Object.entries(dashboard.home ?? {})) {
    if (!known.roles.has(role))
      problems.push({ path: ['home', role], message: `unknown actor role '${role}'` });
    // A home may also be a screen of the model's module, known only when the dashboard is bundled.
    if (home !== 'agenda' && dashboard.module === undefined && !paths.has(home))
      problems.push({
        path: ['home', role],
        message: `no screen '${home}': name a screen's path or 'agenda'`,
      });
  }
  return problems;
}
