/** `defineModel`: write a DEMO model in TypeScript with its ids checked by the compiler. */
import type { DashboardSpec } from './dashboard-spec.ts';
import type { InboundMapping } from './inbound-mapping.ts';
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
import { compileModelData } from './data/compile-model-data.ts';
import type { ActionRuleData, DemoDataDocument, LedgerData, ViewData } from './data/model-data.ts';
import type { JsonValue } from '../core/index.ts';
import { dottedPath } from './payload-validation.ts';

/** Thrown by `defineModel` when an expression of a rule, ledger or view written as data is wrong. */
export class ModelDataError extends Error {
  readonly code = 'ModelDataError';
  constructor(readonly problems: readonly string[]) {
    super(`the model's data parts have ${problems.length} problem(s):\n${problems.join('\n')}`);
    this.name = 'ModelDataError';
  }
}

/** An action rule written as data in a TypeScript model, its role and kind ids checked. */
type TypedRuleData<K extends string, R extends string> = ActionRuleData & {
  readonly role: R;
  readonly when: { readonly kind: K; readonly fact: FactKind };
};

/** A model whose role and kind ids are known to the compiler. */
export type TypedModel<R extends string, K extends string> = Model & {
  readonly actorRoles: Readonly<Record<R, ActorRoleDef>>;
  readonly transactionKinds: Readonly<Record<K, TransactionKindDef>>;
  readonly actionRules?: readonly ActionRule<K, R>[];
};

/** What `defineModel` takes: every role and kind id a part names must be one the model declares. */
export interface TypedModelInput<R extends string, K extends string> {
  readonly name: string;
  readonly description?: string;
  readonly actorRoles: Readonly<Record<R, ActorRoleDef>>;
  readonly transactionKinds: Readonly<
    Record<
      K,
      TransactionKindDef & { readonly initiator: NoInfer<R>; readonly executor: NoInfer<R> }
    >
  >;
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
  readonly dashboard?: DashboardSpec & {
    readonly acts?: Readonly<Partial<Record<NoInfer<K>, Readonly<Record<string, string>>>>>;
    readonly facts?: Readonly<Partial<Record<NoInfer<K>, Readonly<Record<string, string>>>>>;
    readonly home?: Readonly<Partial<Record<NoInfer<R>, string>>>;
  };
  readonly constants?: Readonly<Record<string, JsonValue>>;
  readonly actionRules?: readonly (
    ActionRule<NoInfer<K>, NoInfer<R>> | TypedRuleData<NoInfer<K>, NoInfer<R>>
  )[];
  readonly views?: readonly (ViewDefinition | ViewData)[];
  readonly ledgers?: readonly (LedgerDefinition | (LedgerData & { readonly kind: NoInfer<K> }))[];
  readonly demoData?: NonNullable<Model['demoData']> | DemoDataDocument;
  readonly inbound?: readonly (InboundMapping & { readonly role: NoInfer<R> })[];
}

/**
 * Declares a model in TypeScript; role and kind ids are inferred, so a rule or link naming an unknown
 * kind or role does not compile. Rules, ledgers and views may be written as data (CEL expressions),
 * as in YAML: they are compiled here, and a wrong expression throws `ModelDataError` listing every
 * problem at its path. Otherwise returns the model unchanged (pure); `validateModel` still checks it
 * at run time.
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
  const { compiled, problems } = compileModelData(model);
  if (problems.length > 0)
    throw new ModelDataError(problems.map((p) => `${dottedPath(p.path)}: ${p.message}`));
  // The compiled rules keep the ids they were written with, which the input type checked.
  return { ...model, ...compiled } as TypedModel<R, K>;
}
