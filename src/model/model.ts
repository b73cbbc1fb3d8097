/**
 * The DEMO model as data: the four aspect models (Cooperation, Process, Action, Fact) in the shape
 * Factum runs. YAML/JSON documents and TypeScript models share these types; action rules and
 * model-specific views are functions, so only TypeScript models carry them.
 */
import type { JsonObject, JsonValue } from '../core/index.ts';
import type { InboundMapping } from './inbound-mapping.ts';
import type { DashboardSpec } from './dashboard-spec.ts';
import type { ActionRule } from './action-rule.ts';
import type { LedgerDefinition } from './ledger-definition.ts';
import type { ViewDefinition } from './view-definition.ts';

/** DEMO's kinds of actor role: elementary (inside the organisation), composite, environmental (outside it). */
export type ActorRoleKind = 'elementary' | 'composite' | 'environmental';

/** An actor role of the Cooperation Model, e.g. `A01 order completer`. */
export interface ActorRoleDef {
  readonly name: string;
  readonly kind?: ActorRoleKind;
  /**
   * Whether each actor filling the role acts only for itself (one customer, not all customers).
   * Defaults to true for environmental roles, false otherwise.
   */
  readonly personal?: boolean;
  readonly description?: string;
  /** Actors offered in demo mode and by the scenario runner, e.g. `['alice', 'bob']`. */
  readonly demoActors?: readonly string[];
}

/** A JSON Schema (draft 2020-12 subset) describing a payload; the API and the docs publish it as is. */
export type PayloadSchema = JsonObject;

/** A transaction kind of the Cooperation Model, e.g. `TK01 order completion`. */
export interface TransactionKindDef {
  /** Business name, the prefix of its event types: `Order` → `OrderRequested`. */
  readonly name: string;
  /** DEMO's name of the kind, e.g. `order completion`. */
  readonly label?: string;
  /** The product kind's formulation, e.g. `[order] is completed`. */
  readonly product: string;
  /** The entity type of the product's subject, e.g. `ORDER`. */
  readonly entityType?: string;
  /**
   * Where the request's terms name the entity instance, as a dotted path (e.g. `orderId`):
   * transactions of one instance reach each other by wait links across trees. Without it, a kind
   * with an `entityType` is itself the instance (its transaction id).
   */
  readonly entityKey?: string;
  readonly initiator: string;
  readonly executor: string;
  /** Schema of the request's terms. */
  readonly payload?: PayloadSchema;
  /** An example request payload: used by the scenario runner, the docs and the API's examples. */
  readonly example: JsonValue;
  /** Schema of the product data carried by `execute`. */
  readonly productPayload?: PayloadSchema;
  readonly description?: string;
}

export type { ActRef, Cardinality, FactRef, ResponseLink, WaitLink } from '../core/index.ts';
import type { ProcessLinks } from '../core/index.ts';

/** The type of a property in the Fact Model. */
export type PropertyType =
  'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'money' | 'json';

/** A property of an entity type: a value type, or a reference to another entity type. */
export interface PropertyDef {
  readonly type: PropertyType | { readonly entity: string };
  readonly many?: boolean;
  readonly description?: string;
}

/** An entity type of the Fact Model, e.g. `PRODUCT (sku, name, price, …)`. */
export interface EntityTypeDef {
  readonly description?: string;
  readonly properties: Readonly<Record<string, PropertyDef>>;
}

/** A DEMO model as a document: what YAML and JSON can say. */
export interface ModelDocument {
  readonly name: string;
  readonly description?: string;
  readonly actorRoles: Readonly<Record<string, ActorRoleDef>>;
  readonly transactionKinds: Readonly<Record<string, TransactionKindDef>>;
  /** The Process Model: its response and wait links. */
  readonly processModel?: Pick<ProcessLinks, 'responseLinks' | 'waitLinks'>;
  readonly factModel?: {
    readonly entityTypes?: Readonly<Record<string, EntityTypeDef>>;
  };
  /** What the model adds to the dashboard: its words, formats and screens. */
  readonly dashboard?: DashboardSpec;
  /** Named JSON values (a price list, a currency), in scope of every expression as `constants.<name>`. */
  readonly constants?: Readonly<Record<string, JsonValue>>;
  /** How events from other systems (CloudEvents, by type) become acts. */
  readonly inbound?: readonly InboundMapping[];
}

/** What demo data may do to a fresh database: receive ledger quantities (idempotent by id). */
export interface DemoDataTarget {
  receive(ledger: string, key: string, amount: number, id?: string): Promise<void>;
}

/** A runnable model: the document plus the Action Model's rules and the model's own views. */
export interface Model extends ModelDocument {
  readonly actionRules?: readonly ActionRule[];
  readonly views?: readonly ViewDefinition[];
  readonly ledgers?: readonly LedgerDefinition[];
  /** Fills a new database with demo data (the example's stock); `serve` runs it in demo mode. */
  readonly demoData?: (target: DemoDataTarget) => Promise<void>;
}
