/**
 * Model-specific views of the Fact Model: pure folds of facts into keyed rows (the shop's stock
 * levels, a customer's orders). The engine keeps the rows and the checkpoint together.
 */
import type { Fact, JsonObject } from '../core/index.ts';

/** A change to one row of a view. */
export type ViewChange<Row extends JsonObject = JsonObject> =
  | {
      readonly key: string;
      readonly row: Row;
      /** A grouping queries filter on (e.g. the role of an agenda). */
      readonly partition?: string;
      /** The actor the row belongs to: personal roles read only their own rows. */
      readonly owner?: string;
    }
  | { readonly key: string; readonly delete: true };

/** A view: which facts it reads and how each changes its rows. `project` is pure. */
export interface ViewDefinition<Row extends JsonObject = JsonObject> {
  readonly name: string;
  readonly description?: string;
  /** Bump to rebuild the view from the start of the log when its projection changes. */
  readonly version?: number;
  /** Roles that may read it; every role when absent. */
  readonly readableBy?: readonly string[];
  /** The row changes a fact causes, given read access to the view's current rows (pure but for that read). */
  project(
    fact: Fact,
    current: (key: string) => Promise<Row | undefined>,
  ): readonly ViewChange<Row>[] | Promise<readonly ViewChange<Row>[]>;
}

/** Declares a view with its row type inferred (pure identity). */
export function defineView<Row extends JsonObject>(view: ViewDefinition<Row>): ViewDefinition<Row> {
  return view;
}
