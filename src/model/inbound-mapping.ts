/**
 * Inbound mappings: how events from other systems become acts. A payment provider's
 * `payment.captured`, a carrier's `parcel.delivered` — each a CloudEvent of a `type` — is mapped to
 * the coordination acts an actor role performs in response, written as data with CEL expressions
 * over the `event`, as a rule's acts are. The acts go through the same decision and authorization as
 * any act: a mapped event is a message from the environment, never a way around the pattern.
 */
import type { ActData } from './data/model-data.ts';

/** One mapping of an external event type to acts. */
export interface InboundMapping {
  /** Names the mapping; part of the id of every act it performs, so a repeat performs nothing. */
  readonly id: string;
  readonly description?: string;
  /** The CloudEvents `type` it takes, e.g. `payment.captured`. */
  readonly type: string;
  /**
   * The actor role the acts are performed in. The actor is the transaction's party in that role
   * when it is bound to one (a customer's own payment), else the system actor `system:<id>`.
   */
  readonly role: string;
  /** Named values bound in order, each a CEL expression over `event` and the names before it. */
  readonly with?: Readonly<Record<string, string>>;
  /**
   * The acts, performed in order, as in a rule's `then`: each names its `transaction` (an id
   * expression; a `request` names its `kind`, `terms` and may name the `parent` and `addressee`);
   * `if` (a bool expression that also sees the target's current `transaction`, or null) skips an
   * act that is not due, e.g. a promise already made.
   */
  readonly acts: readonly ActData[];
}
