/** The model as `GET /api/model` answers it: roles, kinds, links, views, ledgers and the dashboard's words. */
import type { JsonValue as Json } from './json.ts';

/** A JSON Schema, as far as the generated forms read it. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly Json[];
  readonly const?: Json;
  readonly default?: Json;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly format?: string;
  /** How the dashboard shows the value: `money`, `date`, `date-time`, `actor`, or a model's own format. */
  readonly 'x-format'?: string;
  /** With `x-format: money`: the currency (ISO 4217), else read from a sibling `currency` property. */
  readonly 'x-currency'?: string;
  /** With `x-format: money`: digits after the decimal point the stored integer counts (default 2 for integers). */
  readonly 'x-minor-units'?: number;
}

/** An actor role of the model document. */
export interface RoleDoc {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
  readonly demoActors?: readonly string[];
  readonly personal: boolean;
}

/** A transaction kind of the model document. */
export interface KindDoc {
  readonly name: string;
  readonly label?: string;
  readonly product?: string;
  readonly entityType?: string;
  readonly initiator: string;
  readonly executor: string;
  readonly payload?: JsonSchema;
  readonly productPayload?: JsonSchema;
  readonly example?: Json;
  readonly description?: string;
}

/** A column of a declarative screen. */
export interface ScreenColumnDoc {
  readonly field: string;
  readonly title?: string;
  readonly format?: string;
  readonly currency?: string;
}

/** A screen a model declares: a table of one of its views, or a kind's request form. */
export interface ScreenDoc {
  readonly path: string;
  readonly title: string;
  readonly roles: readonly string[];
  readonly description?: string;
  readonly view?: string;
  readonly start?: string;
  readonly columns?: readonly ScreenColumnDoc[];
}

/**
 * The words a model gives the dashboard and where each role lands, the same in the model's
 * `dashboard` section and in the API's answer.
 */
export interface DashboardWords {
  /** Button words per kind and act, e.g. `{ TK02: { execute: 'Pay' } }`. */
  readonly acts?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** What a fact means to its users, per kind and fact, for the timeline: `{ TK02: { declared: 'paid' } }`. */
  readonly facts?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The currency of money fields that name none (ISO 4217, e.g. EUR). */
  readonly currency?: string;
  /** The screen each role lands on after signing in: a declared screen's path, or `agenda`. */
  readonly home?: Readonly<Record<string, string>>;
}

/** What a model adds to the dashboard: words, formats, screens and home screens (`dashboard` of the model). */
export interface DashboardDoc extends DashboardWords {
  readonly screens?: readonly ScreenDoc[];
  /** Whether the model brings compiled screens of its own (a TypeScript module). */
  readonly module?: boolean;
}

/** A fact of a kind, as links name it. */
export interface FactRef {
  readonly kind: string;
  readonly fact: string;
}

/** An act of a kind, as links name it. */
export interface ActRef {
  readonly kind: string;
  readonly act: string;
}

/** A response link: a fact of one kind makes a role perform an act of another. */
export interface ResponseLinkDoc {
  readonly from: FactRef;
  readonly to: ActRef;
  readonly cardinality?: string;
}

/** A wait link: an act waits for a fact of another kind. */
export interface WaitLinkDoc {
  readonly act: ActRef;
  readonly waitsFor: FactRef;
  readonly cardinality?: string;
}

/** The answer of `GET /api/model`. */
export interface ModelDoc {
  readonly name: string;
  readonly description?: string;
  readonly actorRoles: Readonly<Record<string, RoleDoc>>;
  readonly transactionKinds: Readonly<Record<string, KindDoc>>;
  readonly processModel?: {
    readonly responseLinks?: readonly ResponseLinkDoc[];
    readonly waitLinks?: readonly WaitLinkDoc[];
  };
  readonly actionRules?: readonly {
    readonly id: string;
    readonly description?: string;
    readonly role: string;
    readonly when: FactRef;
  }[];
  readonly views?: readonly {
    readonly name: string;
    readonly description?: string;
    readonly readableBy?: readonly string[];
  }[];
  readonly builtinViews?: readonly string[];
  readonly dashboard?: DashboardDoc;
  readonly ledgers?: readonly {
    readonly name: string;
    readonly businessName: string;
    readonly description?: string;
    readonly kind: string;
    readonly reserveOn: string;
    readonly consumeOn?: string;
  }[];
}
