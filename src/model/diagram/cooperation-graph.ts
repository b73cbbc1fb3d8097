/**
 * The Cooperation Model of a model as a graph: actor roles, transaction kinds with their initiator
 * and executor, and the Process Model's response and wait links between kinds. What both the
 * Mermaid and the SVG renderers draw.
 */
import type { ActorRoleKind, Model, ResponseLink, WaitLink } from '../model.ts';

/** An actor role as the diagram shows it. */
export interface RoleNode {
  readonly id: string;
  readonly name: string;
  readonly kind: ActorRoleKind;
}

/** A transaction kind as the diagram shows it. */
export interface KindNode {
  readonly id: string;
  readonly name: string;
  /** DEMO's name of the kind (e.g. `order completion`), else the business name. */
  readonly label: string;
  readonly product: string;
  readonly initiator: string;
  readonly executor: string;
}

/** Everything a Cooperation Model diagram draws. */
export interface CooperationGraph {
  readonly name: string;
  readonly roles: readonly RoleNode[];
  readonly kinds: readonly KindNode[];
  readonly responseLinks: readonly ResponseLink[];
  readonly waitLinks: readonly WaitLink[];
}

/** Builds the Cooperation Model graph of a model, in model order (pure). */
export function cooperationGraph(model: Model): CooperationGraph {
  return {
    name: model.name,
    roles: Object.entries(model.actorRoles).map(([id, role]) => ({
      id,
      name: role.name,
      kind: role.kind ?? 'elementary',
    })),
    kinds: Object.entries(model.transactionKinds).map(([id, kind]) => ({
      id,
      name: kind.name,
      label: kind.label ?? kind.name,
      product: kind.product,
      initiator: kind.initiator,
      executor: kind.executor,
    })),
    responseLinks: model.processModel?.responseLinks ?? [],
    waitLinks: model.processModel?.waitLinks ?? [],
  };
}
