/**
 * The typed scopes of a model's expressions: per transaction kind, the CEL types of its terms and
 * product (from its payload schemas), of its transactions and of its facts; and the values those
 * variables take at run time.
 */
import type { Environment } from '@marcbachmann/cel-js';
import type { Fact, FactKind, JsonValue, TransactionState } from '../../core/index.ts';
import { toCel, toTimestamp, type CelValue } from '../expressions/cel-values.ts';
import { transactionValue } from '../expressions/cel-environment.ts';
import { ExpressionScope } from '../expressions/expression-scope.ts';
import { registerSchemaType } from '../expressions/schema-types.ts';
import type { ModelDocument } from '../model.ts';

const timestamp = 'google.protobuf.Timestamp';

/** The types of a model's expressions, and its root scope. */
export interface ModelTypes {
  readonly root: ExpressionScope;
  /** The CEL type of a kind's transactions (`dyn` terms for an unknown kind). */
  transactionType(kind: string | undefined): string;
  /** The CEL type of a kind's request terms. */
  termsType(kind: string | undefined): string;
  /** The CEL type of a fact of a kind: its payload typed as terms on `requested`, product on `executed`. */
  factType(kind: string | undefined, fact: FactKind | undefined): string;
}

function typePart(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

function transactionFields(terms: string): Record<string, string> {
  return {
    id: 'string',
    kind: 'string',
    status: 'string',
    initiator: 'Party',
    executor: 'Party',
    terms,
    product: 'dyn',
    parent: 'dyn',
    pendingRevocation: 'dyn',
    updatedAt: 'dyn',
  };
}

function factFields(payload: string): Record<string, string> {
  return {
    transactionId: 'string',
    kind: 'string',
    fact: 'string',
    act: 'string',
    revokes: 'dyn',
    performer: 'Party',
    addressee: 'Party',
    time: timestamp,
    justification: 'dyn',
    payload,
  };
}

/** Declares the model's kinds as CEL types and returns the root scope with them (pure). */
export function modelTypes(model: Pick<ModelDocument, 'transactionKinds'>): ModelTypes {
  const terms = new Map<string, string>();
  const products = new Map<string, string>();
  const declare = (env: Environment): void => {
    env.registerType('Transaction', { fields: transactionFields('dyn') });
    env.registerType('Fact', { fields: factFields('dyn') });
    for (const [kindId, kind] of Object.entries(model.transactionKinds)) {
      const k = typePart(kindId);
      const termsType = registerSchemaType(env, kind.payload, [`Terms_${k}`]);
      const productType = registerSchemaType(env, kind.productPayload, [`Product_${k}`]);
      terms.set(kindId, termsType);
      products.set(kindId, productType);
      env.registerType(`Transaction_${k}`, { fields: transactionFields(termsType) });
      env.registerType(`Fact_${k}`, { fields: factFields('dyn') });
      env.registerType(`Fact_${k}_terms`, { fields: factFields(termsType) });
      env.registerType(`Fact_${k}_product`, { fields: factFields(productType) });
    }
  };
  const root = ExpressionScope.root(declare);
  return {
    root,
    transactionType: (kind) =>
      kind !== undefined && terms.has(kind) ? `Transaction_${typePart(kind)}` : 'Transaction',
    termsType: (kind) => (kind === undefined ? 'dyn' : (terms.get(kind) ?? 'dyn')),
    factType: (kind, fact) => {
      if (kind === undefined || !terms.has(kind)) return 'Fact';
      const k = typePart(kind);
      if (fact === 'requested') return `Fact_${k}_terms`;
      if (fact === 'executed') return `Fact_${k}_product`;
      return `Fact_${k}`;
    },
  };
}

/** A fact as expressions see it (pure). */
export function factValue(fact: Fact): CelValue {
  return {
    transactionId: fact.transactionId,
    kind: fact.kind,
    fact: fact.fact,
    act: fact.act,
    revokes: fact.revokes ?? null,
    performer: { actor: fact.performer.actor, role: fact.performer.role },
    addressee: { actor: fact.addressee.actor ?? null, role: fact.addressee.role },
    time: toTimestamp(fact.time) ?? new Date(0),
    justification: fact.justification ?? null,
    payload: toCel(fact.payload),
  };
}

/** The constants of a model as expressions see them (pure). */
export function constantsValue(
  constants: Readonly<Record<string, JsonValue>> | undefined,
): CelValue {
  return toCel(constants ?? {});
}

export { transactionValue };

/** A transaction state as a value, or null (pure). */
export function maybeTransaction(state: TransactionState | undefined): CelValue {
  return state === undefined ? null : transactionValue(state);
}
