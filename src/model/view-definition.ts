/**
 * Model-specific views of the Fact Model: pure folds of facts into keyed rows (the shop's stock
 * levels, a customer's orders). The engine keeps the rows and the checkpoint together.
 */
import type { Fact, JsonObject, TransactionState } from '../core/index.ts';

/** A change to one row of a view. */
export type ViewChange<Row extends JsonObject = JsonObject> =
  | {
      readonly key: string;
      readonly row: Row;
      /** A grouping queries filter on (e.g. the role of an agenda); when absent the row keeps its own. */
      readonly partition?: string;
      /** The actor the row belongs to: personal roles read only their own rows; when absent the row keeps its own. */
      readonly owner?: string;
    }
  | { readonly key: string; readonly delete: true };

/** What a view that keeps transactions sees of a fact's transaction and its parent. */
export interface ViewFactContext {
  /** The fact's transaction after the fact. */
  readonly transaction: TransactionState;
  /** Its parent transaction as it stands, when it has one. */
  readonly parent: TransactionState | undefined;
}

/** A view: which facts it reads and how each changes its rows. `project` is pure. */
export interface ViewDefinition<Row extends JsonObject = JsonObject> {
  readonly name: string;
  readonly description?: string;
  /** Bump to rebuild the view from the start of the log when its projection changes. */
  readonly version?: number;
  /** Roles that may read it; every role when absent. */
  readonly readableBy?: readonly string[];
  /**
   * Keep the state of every transaction beside the rows (in the view `<name>#transactions`), so
   * that `project` is given the fact's transaction and its parent; rebuilt with the view.
   */
  readonly keepsTransactions?: boolean;
  /** The row changes a fact causes, given read access to the view's current rows (pure but for that read). */
  project(
    fact: Fact,
    current: (key: string) => Promise<Row | undefined>,
    context?: ViewFactContext,
  ): readonly ViewChange<Row>[] | Promise<readonly ViewChange<Row>[]>;
}

/** Declares a view with its row type inferred (pure identity). */
export function defineView<Row extends JsonObject>(view: ViewDefinition<Row>): ViewDefinition<Row> {
  return view;
}
