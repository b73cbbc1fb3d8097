/** Derives what the pure decider needs about a kind from the Cooperation Model. */
import type { TransactionKindSpec } from '../core/index.ts';
import type { ActorRoleDef, ModelDocument } from './model.ts';

/** Whether each actor in the role acts only for itself: explicit, else true for environmental roles (pure). */
export function isPersonalRole(role: ActorRoleDef | undefined): boolean {
  return role?.personal ?? role?.kind === 'environmental';
}

/** The decider's spec of a transaction kind, or undefined for an unknown kind (pure). */
export function kindSpecOf(model: ModelDocument, kindId: string): TransactionKindSpec | undefined {
  const kind = model.transactionKinds[kindId];
  if (kind === undefined) return undefined;
  return {
    id: kindId,
    name: kind.name,
    initiator: { role: kind.initiator, personal: isPersonalRole(model.actorRoles[kind.initiator]) },
    executor: { role: kind.executor, personal: isPersonalRole(model.actorRoles[kind.executor]) },
    product: kind.product,
    requiresProduct: kind.productPayload !== undefined,
    ...(kind.entityType === undefined
      ? {}
      : {
          entity: {
            type: kind.entityType,
            ...(kind.entityKey === undefined ? {} : { key: kind.entityKey }),
          },
        }),
  };
}

/** The kind whose business name is `name` (e.g. `Order`), or undefined (pure). */
export function kindIdByName(model: ModelDocument, name: string): string | undefined {
  return Object.entries(model.transactionKinds).find(([, kind]) => kind.name === name)?.[0];
}
