/**
 * The query side: reads of the built-in views (a transaction with its children, an agenda, an audit
 * trail, the product facts in force, ledger balances) and of the model's views, paged and filtered.
 * As of a past moment, the same reads run over views rebuilt by `viewsAsOf` (`engine/as-of.ts`).
 */
import type { JsonObject } from '../../core/index.ts';
import type {
  ViewCursor,
  ViewFilter,
  ViewPage,
  ViewQuery,
  ViewStore,
} from '../ports/view-store.ts';
import { cursorAfter } from './view-cursor.ts';
import { builtinViews } from './builtin-projection.ts';

/** A page of rows; `nextCursor` reads the page after it (absent on the last page). */
export interface RowsPage {
  readonly items: readonly JsonObject[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly nextCursor?: string;
}

/** Paging and the actor a personal role reads as. */
export interface ReadOptions {
  readonly limit?: number;
  readonly offset?: number;
  /** Only rows of this actor (and, with `includeShared`, rows of no one in particular). */
  readonly owner?: string;
  readonly includeShared?: boolean;
  readonly order?: 'asc' | 'desc';
  /** Conditions on fields of the rows, all of which must hold. */
  readonly where?: readonly ViewFilter[];
  /** Rows whose content contains this text (ASCII case ignored). */
  readonly search?: string;
  /** Order by this field (then by key); default the key. */
  readonly sortBy?: string;
  /** Rows after this cursor (from a page's `nextCursor`). */
  readonly after?: ViewCursor;
}

function page(result: ViewPage, options: ReadOptions): RowsPage {
  const limit = options.limit ?? 50;
  // The store was asked for one row more than the page: its presence says another page follows.
  const rows = result.rows.slice(0, limit);
  const last = rows.at(-1);
  return {
    items: rows.map((row) => row.row),
    total: result.total,
    limit,
    offset: options.offset ?? 0,
    ...(result.rows.length > limit && last !== undefined
      ? { nextCursor: cursorAfter(last.key, last.row, options.sortBy) }
      : {}),
  };
}

function toQuery(options: ReadOptions, extra: ViewQuery = {}): ViewQuery {
  return {
    limit: (options.limit ?? 50) + 1,
    ...(options.where === undefined ? {} : { where: options.where }),
    ...(options.search === undefined ? {} : { search: options.search }),
    ...(options.sortBy === undefined ? {} : { sortBy: options.sortBy }),
    ...(options.after === undefined ? {} : { after: options.after }),
    offset: options.offset ?? 0,
    ...(options.owner === undefined ? {} : { owner: options.owner }),
    ...(options.includeShared === undefined ? {} : { includeShared: options.includeShared }),
    ...(options.order === undefined ? {} : { order: options.order }),
    ...extra,
  };
}

/** Reads the views. */
export class ViewQueries {
  constructor(private readonly views: ViewStore) {}

  /** A transaction's row, or undefined. */
  async transaction(id: string): Promise<JsonObject | undefined> {
    return (await this.views.get(builtinViews.transactions, id))?.row;
  }

  /** Transactions, optionally of one kind. */
  async transactions(options: ReadOptions & { readonly kind?: string } = {}): Promise<RowsPage> {
    const result = await this.views.query(
      builtinViews.transactions,
      toQuery(options, options.kind === undefined ? {} : { partition: options.kind }),
    );
    return page(result, options);
  }

  /** The owner of a transaction's row (the personal actor it belongs to), or null. */
  async ownerOf(id: string): Promise<string | null | undefined> {
    return (await this.views.get(builtinViews.transactions, id))?.owner;
  }

  /** A transaction with its descendants, depth first. */
  async tree(id: string): Promise<readonly JsonObject[]> {
    const rows: JsonObject[] = [];
    const visit = async (transactionId: string, depth: number): Promise<void> => {
      const row = await this.transaction(transactionId);
      if (row === undefined || depth > 32) return;
      rows.push({ ...row, depth });
      for (const child of (row.children as readonly string[] | undefined) ?? [])
        await visit(child, depth + 1);
    };
    await visit(id, 0);
    return rows;
  }

  /** The agenda of an actor role: what awaits its response, and the acts it may perform now. */
  async agenda(role: string, options: ReadOptions = {}): Promise<RowsPage> {
    return page(
      await this.views.query(builtinViews.agenda, toQuery(options, { partition: role })),
      options,
    );
  }

  /** Every fact of the transaction tree a transaction belongs to, in log order: who, when, why. */
  async audit(transactionId: string, options: ReadOptions = {}): Promise<RowsPage> {
    const row = await this.transaction(transactionId);
    const correlationId = (row?.correlationId as string | undefined) ?? transactionId;
    return page(
      await this.views.query(
        builtinViews.audit,
        toQuery({ limit: 500, ...options }, { partition: correlationId }),
      ),
      { limit: 500, ...options },
    );
  }

  /** The product facts in force (accepted and not revoked since). */
  async factsInForce(options: ReadOptions & { readonly kind?: string } = {}): Promise<RowsPage> {
    return page(
      await this.views.query(
        builtinViews.factsInForce,
        toQuery(options, options.kind === undefined ? {} : { partition: options.kind }),
      ),
      options,
    );
  }

  /** The balances of a ledger's keys. */
  async ledger(name: string, options: ReadOptions = {}): Promise<RowsPage> {
    return page(
      await this.views.query(
        builtinViews.ledgers,
        toQuery({ limit: 500, ...options }, { partition: name }),
      ),
      {
        limit: 500,
        ...options,
      },
    );
  }

  /** Rows of any view by name. */
  async view(
    name: string,
    options: ReadOptions & { readonly partition?: string } = {},
  ): Promise<RowsPage> {
    return page(
      await this.views.query(
        name,
        toQuery(options, options.partition === undefined ? {} : { partition: options.partition }),
      ),
      options,
    );
  }
}
