/**
 * The query side: reads of the built-in views (a transaction with its children, an agenda, an audit
 * trail, the product facts in force, ledger balances) and of the model's views, paged and filtered,
 * now or as of a past position or time.
 */
import {
  evolve,
  initialTransactionState,
  type JsonObject,
  type TransactionState,
} from '../../core/index.ts';
import type { Model } from '../../model/model.ts';
import { isFactEvent, toFact } from '../fact-events.ts';
import type { EventStore, RecordedEvent } from '../ports/event-store.ts';
import type { ViewPage, ViewQuery, ViewStore } from '../ports/view-store.ts';
import { applyBatch } from './projection-runner.ts';
import { builtinProjection, builtinViews } from './builtin-projection.ts';

/** A page of rows. */
export interface RowsPage {
  readonly items: readonly JsonObject[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** Paging and the actor a personal role reads as. */
export interface ReadOptions {
  readonly limit?: number;
  readonly offset?: number;
  /** Only rows of this actor (and, with `includeShared`, rows of no one in particular). */
  readonly owner?: string;
  readonly includeShared?: boolean;
  readonly order?: 'asc' | 'desc';
}

/** Where a read stops in the past: a global position or a time. */
export type AsOf = { readonly position: bigint } | { readonly time: string };

function page(result: ViewPage, options: ReadOptions): RowsPage {
  return {
    items: result.rows.map((row) => row.row),
    total: result.total,
    limit: options.limit ?? 50,
    offset: options.offset ?? 0,
  };
}

function toQuery(options: ReadOptions, extra: ViewQuery = {}): ViewQuery {
  return {
    limit: options.limit ?? 50,
    offset: options.offset ?? 0,
    ...(options.owner === undefined ? {} : { owner: options.owner }),
    ...(options.includeShared === undefined ? {} : { includeShared: options.includeShared }),
    ...(options.order === undefined ? {} : { order: options.order }),
    ...extra,
  };
}

/** Reads the views. */
export class ViewQueries {
  constructor(
    private readonly views: ViewStore,
    private readonly store: EventStore,
  ) {}

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

  /** A transaction's state as of a past position or time, folded from its stream. */
  async transactionAsOf(id: string, asOf: AsOf): Promise<TransactionState> {
    let state = initialTransactionState;
    for (const event of await this.store.readStream(id)) {
      if (!within(event, asOf)) break;
      state = evolve(state, toFact(event));
    }
    return state;
  }

  /**
   * The built-in views as they stood at a past position or time: the log is replayed up to there
   * into a scratch view store, e.g. an in-memory one (for audits; cost grows with the log).
   */
  async asOf(model: Model, asOf: AsOf, scratch: ViewStore): Promise<ViewQueries> {
    const projection = builtinProjection(model);
    let batch: RecordedEvent[] = [];
    for await (const event of this.store.readAll({ batchSize: 1000 })) {
      // Not `break`: on PostgreSQL positions follow commit order only per stream.
      if (!within(event, asOf)) continue;
      batch.push(event);
      if (batch.length >= 1000) {
        await applyBatch(scratch, projection, batch);
        batch = [];
      }
    }
    await applyBatch(scratch, projection, batch);
    return new ViewQueries(scratch, this.store);
  }
}

/** Parses a past moment: a global position (digits) or an ISO 8601 date or time; undefined otherwise (pure). */
export function parseAsOf(text: string): AsOf | undefined {
  if (/^\d{1,19}$/.test(text)) return { position: BigInt(text) };
  const isoLike = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
  const time = Date.parse(text);
  if (!isoLike.test(text) || Number.isNaN(time)) return undefined;
  return { time: new Date(time).toISOString() };
}

/** Whether an event lies at or before a past moment: by position, or by the fact's own time (pure). */
export function within(event: RecordedEvent, asOf: AsOf): boolean {
  if ('position' in asOf) return event.position <= asOf.position;
  const stamped = event.metadata.time;
  const time = isFactEvent(event)
    ? toFact(event).time
    : typeof stamped === 'string'
      ? stamped
      : event.recordedAt;
  return time <= asOf.time;
}
