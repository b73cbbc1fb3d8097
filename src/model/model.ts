/**
 * The DEMO model as data: the four aspect models (Cooperation, Process, Action, Fact) in the shape
 * Factum runs. YAML/JSON documents and TypeScript models share these types; action rules and
 * model-specific views are functions, so only TypeScript models carry them.
 */
import type { Act, FactKind, JsonObject, JsonValue } from '../core/index.ts';
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

/** How many child transactions a link may create or wait for. */
export type Cardinality = '1' | '0..1' | '0..n' | '1..n';

/** A fact of a transaction kind, as links refer to it: `(TK01/promised)`. */
export interface FactRef {
  readonly kind: string;
  readonly fact: FactKind;
}

/** An act of a transaction kind, as links refer to it: `[TK02/request]`. */
export interface ActRef {
  readonly kind: string;
  readonly act: Act;
}

/** A response link of the Process Model: `(TK01/promised) → [TK02/request]`. */
export interface ResponseLink {
  readonly from: FactRef;
  readonly to: ActRef;
  readonly cardinality?: Cardinality;
}

/** A wait link of the Process Model: `[TK01/execute]` waits for `(TK03/accepted)`. */
export interface WaitLink {
  readonly act: ActRef;
  readonly waitsFor: FactRef;
  readonly cardinality?: Cardinality;
}

/** The type of a property in the Fact Model. */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'money' | 'json';

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
  readonly processModel?: {
    readonly responseLinks?: readonly ResponseLink[];
    readonly waitLinks?: readonly WaitLink[];
  };
  readonly factModel?: {
    readonly entityTypes?: Readonly<Record<string, EntityTypeDef>>;
  };
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
