/**
 * The Cooperation Model of a model as a graph, what DEMO's Organization Construction Diagram draws:
 * actor roles (elementary ones inside the boundary of the organisation, environmental ones outside
 * it), transaction kinds with their initiator and executor links. Response and wait links belong to
 * the Process Structure Diagram (`processStructure`).
 */
import type { ActorRoleDef, ActorRoleKind, Model, TransactionKindDef } from '../model.ts';

/** Everything an Organization Construction Diagram draws, under the model's name. */
export interface CooperationGraph extends Pick<Model, 'name'> {
  readonly roles: readonly RoleNode[];
  readonly kinds: readonly KindNode[];
}

/** An actor role as the diagram shows it: the role's name and description, its kind spelt out. */
export interface RoleNode extends Pick<ActorRoleDef, 'name' | 'description'> {
  readonly id: string;
  readonly kind: ActorRoleKind;
  /** Inside the boundary of the organisation: every role but the environmental ones. */
  readonly inside: boolean;
}

/** A transaction kind as the diagram shows it: the kind's names, product and parties. */
export interface KindNode extends Pick<
  TransactionKindDef,
  'name' | 'product' | 'initiator' | 'executor'
> {
  readonly id: string;
  /** DEMO's name of the kind (e.g. `order completion`), else the business name. */
  readonly label: string;
  /** Inside the boundary: the organisation takes part in it (one of its roles is inside). */
  readonly inside: boolean;
}

/** Builds the Cooperation Model graph of a model, in model order (pure). */
export function cooperationGraph(model: Model): CooperationGraph {
  const inside = (roleId: string): boolean =>
    (model.actorRoles[roleId]?.kind ?? 'elementary') !== 'environmental';
  return {
    name: model.name,
    roles: Object.entries(model.actorRoles).map(([id, role]) => ({
      id,
      name: role.name,
      kind: role.kind ?? 'elementary',
      inside: inside(id),
      ...(role.description === undefined ? {} : { description: role.description }),
    })),
    kinds: Object.entries(model.transactionKinds).map(([id, kind]) => ({
      id,
      name: kind.name,
      label: kind.label ?? kind.name,
      product: kind.product,
      initiator: kind.initiator,
      executor: kind.executor,
      inside: inside(kind.executor) || inside(kind.initiator),
    })),
  };
}
