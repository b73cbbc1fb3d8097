/** `defineModel`: write a DEMO model in TypeScript with its ids checked by the compiler. */
import type { ActionRule } from './action-rule.ts';
import type {
  ActorRoleDef,
  Cardinality,
  EntityTypeDef,
  Model,
  TransactionKindDef,
} from './model.ts';
import type { Act, FactKind } from '../core/index.ts';
import type { ViewDefinition } from './view-definition.ts';
import type { LedgerDefinition } from './ledger-definition.ts';

/** A model whose role and kind ids are known to the compiler. */
export type TypedModel<R extends string, K extends string> = Model & {
  readonly actorRoles: Readonly<Record<R, ActorRoleDef>>;
  readonly transactionKinds: Readonly<Record<K, TransactionKindDef>>;
  readonly actionRules?: readonly ActionRule<K, R>[];
};

interface TypedModelInput<R extends string, K extends string> {
  readonly name: string;
  readonly description?: string;
  readonly actorRoles: Readonly<Record<R, ActorRoleDef>>;
  readonly transactionKinds: Readonly<Record<K, TransactionKindDef & { readonly initiator: NoInfer<R>; readonly executor: NoInfer<R> }>>;
  readonly processModel?: {
    readonly responseLinks?: readonly {
      readonly from: { readonly kind: NoInfer<K>; readonly fact: FactKind };
      readonly to: { readonly kind: NoInfer<K>; readonly act: Act };
      readonly cardinality?: Cardinality;
    }[];
    readonly waitLinks?: readonly {
      readonly act: { readonly kind: NoInfer<K>; readonly act: Act };
      readonly waitsFor: { readonly kind: NoInfer<K>; readonly fact: FactKind };
      readonly cardinality?: Cardinality;
    }[];
  };
  readonly factModel?: { readonly entityTypes?: Readonly<Record<string, EntityTypeDef>> };
  readonly actionRules?: readonly ActionRule<NoInfer<K>, NoInfer<R>>[];
  readonly views?: readonly ViewDefinition[];
  readonly ledgers?: readonly LedgerDefinition[];
  readonly demoData?: NonNullable<Model['demoData']>;
}

/**
 * Declares a model in TypeScript; role and kind ids are inferred, so a rule or link naming an unknown
 * kind or role does not compile. Returns the model unchanged (pure); `validateModel` still checks it at
 * run time.
 *
 * @example
 * const model = defineModel({
 *   name: 'minimal',
 *   actorRoles: { CA01: { name: 'client', kind: 'environmental' }, A01: { name: 'supplier' } },
 *   transactionKinds: {
 *     TK01: { name: 'Delivery', product: '[delivery] is done', initiator: 'CA01', executor: 'A01', example: {} },
 *   },
 * });
 */
export function defineModel<const R extends string, const K extends string>(
  model: TypedModelInput<R, K>,
): TypedModel<R, K> {
  return model;
}
