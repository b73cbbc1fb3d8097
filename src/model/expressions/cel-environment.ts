/**
 * The CEL environments of model expressions. Two of them, declared alike: a *checking* one, in
 * which every variable has a type (derived from the payload schemas where the model has them), so
 * that `model check` finds unknown variables, unknown fields and type errors; and one *running*
 * environment in which variables are dynamic, since the checking one has already vouched for them.
 * Extra functions: `sum`, `min`, `max`, `days`, `hours`, `minutes`, and on `facts` the reads a rule
 * may make: `facts.ledger(name, key)`, `facts.view(name, key)`, `facts.transaction(id)`,
 * `facts.children(id)`.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { TransactionState } from '../../core/index.ts';
import type { FactReader } from '../action-rule.ts';
import { toCel, toTimestamp, type CelValue } from './cel-values.ts';

/** The limits an expression must keep: CEL is not Turing complete; these bound its size. */
const limits = {
  maxAstNodes: 5000,
  maxDepth: 60,
  maxListElements: 500,
  maxMapEntries: 500,
  maxCallArguments: 16,
};

/** What `facts` is in an expression: the rule's read-only access to the log and the views. */
export class FactAccess {
  constructor(readonly reader: FactReader) {}
}

/** A ledger balance in an expression: `facts.ledger('stock', sku).available`. */
export class LedgerBalanceValue {
  constructor(
    readonly onHand: bigint,
    readonly reserved: bigint,
    readonly available: bigint,
  ) {}
}

/** A transaction as expressions see it (pure). */
export function transactionValue(state: TransactionState): CelValue {
  const party = (p: TransactionState['initiator']): CelValue =>
    p === null ? null : { actor: p.actor ?? null, role: p.role };
  return {
    id: state.id ?? '',
    kind: state.kind ?? '',
    status: state.status,
    initiator: party(state.initiator),
    executor: party(state.executor),
    terms: toCel(state.terms),
    product: toCel(state.product),
    parent:
      state.parent === null
        ? null
        : { transactionId: state.parent.transactionId, kind: state.parent.kind },
    pendingRevocation:
      state.pendingRevocation === null
        ? null
        : {
            revokes: state.pendingRevocation.revokes,
            by: state.pendingRevocation.by,
            actor: state.pendingRevocation.actor,
            from: state.pendingRevocation.from,
          },
    updatedAt: toTimestamp(state.updatedAt),
  };
}

const sumInts = (list: readonly bigint[]): bigint => list.reduce((total, item) => total + item, 0n);
const sumDoubles = (list: readonly number[]): number =>
  list.reduce((total, item) => total + item, 0);

function extreme(pick: 'min' | 'max') {
  return <T extends bigint | number>(list: readonly T[]): T => {
    if (list.length === 0) throw new Error(`${pick}() of an empty list`);
    return list.reduce((best, item) =>
      (pick === 'min' ? item < best : item > best) ? item : best,
    );
  };
}

function declare(env: Environment, durationOf: (text: string) => unknown): Environment {
  env
    .registerType('Facts', FactAccess)
    .registerType('LedgerBalance', {
      ctor: LedgerBalanceValue,
      fields: { onHand: 'int', reserved: 'int', available: 'int' },
    })
    .registerType('Party', { schema: { actor: 'dyn', role: 'string' } })
    .registerFunction('string(google.protobuf.Timestamp): string', (t: Date) => t.toISOString())
    .registerFunction('sum(list<int>): int', sumInts)
    .registerFunction('sum(list<double>): double', sumDoubles)
    .registerFunction('min(list<int>): int', extreme('min'))
    .registerFunction('min(list<double>): double', extreme('min'))
    .registerFunction('max(list<int>): int', extreme('max'))
    .registerFunction('max(list<double>): double', extreme('max'))
    .registerFunction('days(int): google.protobuf.Duration', (n: bigint) =>
      durationOf(`${n * 24n}h`),
    )
    .registerFunction('hours(int): google.protobuf.Duration', (n: bigint) => durationOf(`${n}h`))
    .registerFunction('minutes(int): google.protobuf.Duration', (n: bigint) => durationOf(`${n}m`))
    .registerFunction({
      name: 'ledger',
      receiverType: 'Facts',
      returnType: 'LedgerBalance',
      description:
        "A ledger key's balance, read from the log: facts.ledger('stock', sku).available",
      params: [
        { name: 'ledger', type: 'string' },
        { name: 'key', type: 'string' },
      ],
      handler: async (facts: FactAccess, ledger: string, key: string) => {
        const b = await facts.reader.ledger(ledger, key);
        return new LedgerBalanceValue(BigInt(b.onHand), BigInt(b.reserved), BigInt(b.available));
      },
    })
    .registerFunction({
      name: 'view',
      receiverType: 'Facts',
      returnType: 'dyn',
      description: "A row of a view of the model, or null: facts.view('customer-orders', id)",
      params: [
        { name: 'view', type: 'string' },
        { name: 'key', type: 'string' },
      ],
      handler: async (facts: FactAccess, view: string, key: string) =>
        toCel(await facts.reader.view(view, key)),
    })
    .registerFunction({
      name: 'transaction',
      receiverType: 'Facts',
      returnType: 'dyn',
      description: 'A transaction of the log by id, or null: facts.transaction(parent.id)',
      params: [{ name: 'id', type: 'string' }],
      handler: async (facts: FactAccess, id: string) => {
        const state = await facts.reader.transaction(id);
        return state === undefined ? null : transactionValue(state);
      },
    })
    .registerFunction({
      name: 'children',
      receiverType: 'Facts',
      returnType: 'list<dyn>',
      description: 'The child transactions of a transaction: facts.children(transaction.id)',
      params: [{ name: 'id', type: 'string' }],
      handler: async (facts: FactAccess, id: string) =>
        (await facts.reader.children(id)).map(transactionValue),
    });
  return env;
}

const options = {
  enableOptionalTypes: true,
  homogeneousAggregateLiterals: false,
  limits,
} as const;

function durationMaker(): (text: string) => unknown {
  // CEL's own duration parser, so that `days(2)` is the very value `duration('48h')` is.
  const parsed = new Environment().registerVariable('text', 'string').parse('duration(text)');
  return (text) => parsed({ text }) as unknown;
}

let running: Environment | undefined;

/** The one running environment: variables are dynamic there, functions as in the checking ones. */
export function runningEnvironment(): Environment {
  running ??= declare(
    new Environment({ ...options, unlistedVariablesAreDyn: true }),
    durationMaker(),
  );
  return running;
}

/** A new checking environment, to which a scope adds its typed variables. */
export function checkingEnvironment(): Environment {
  return declare(new Environment({ ...options, unlistedVariablesAreDyn: false }), durationMaker());
}
