/**
 * Compiles the parts of a model written as data — action rules, ledgers, views, demo data — into
 * the rules, ledgers and views the engine runs, beside those written in TypeScript, and lists every
 * problem in their expressions at its path (with the offset in the expression).
 */
import type { JsonValue } from '../../core/index.ts';
import type { ActionRule } from '../action-rule.ts';
import type { LedgerDefinition } from '../ledger-definition.ts';
import type { DemoDataTarget, ModelDocument } from '../model.ts';
import type { ViewDefinition } from '../view-definition.ts';
import { compileActionRule } from './compile-action-rule.ts';
import { compileInbound } from './compile-inbound.ts';
import { compileLedger } from './compile-ledger.ts';
import { compileView } from './compile-view.ts';
import {
  isActionRuleData,
  isLedgerData,
  isViewData,
  type ActionRuleData,
  type DemoDataDocument,
  type LedgerData,
  type ViewData,
} from './model-data.ts';
import { modelTypes, type ModelTypes } from './model-scope.ts';
import { ProblemCollector, type DataProblem } from './problem-collector.ts';

/** What the compiler takes: a model whose rules, ledgers and views may each be data or TypeScript. */
export interface ModelWithData extends ModelDocument {
  readonly constants?: Readonly<Record<string, JsonValue>>;
  readonly actionRules?: readonly (ActionRule | ActionRuleData)[];
  readonly ledgers?: readonly (LedgerDefinition | LedgerData)[];
  readonly views?: readonly (ViewDefinition | ViewData)[];
  readonly demoData?: ((target: DemoDataTarget) => Promise<void>) | DemoDataDocument;
}

/** The compiled parts: every rule, ledger and view in the shape the engine runs. */
export interface CompiledModelData {
  readonly actionRules?: readonly ActionRule[];
  readonly ledgers?: readonly LedgerDefinition[];
  readonly views?: readonly ViewDefinition[];
  readonly demoData?: (target: DemoDataTarget) => Promise<void>;
}

/** Receives a data model's demo ledger quantities, once (ids make it idempotent). */
function demoDataOf(document: DemoDataDocument): (target: DemoDataTarget) => Promise<void> {
  return async (target) => {
    for (const [ledger, amounts] of Object.entries(document.ledgers ?? {}))
      for (const [key, amount] of Object.entries(amounts))
        await target.receive(ledger, key, amount, `seed:${ledger}:${key}`);
  };
}

/**
 * Compiles a model's data parts (pure): the compiled parts, and the problems found in their
 * expressions. TypeScript parts pass through unchanged.
 */
export function compileModelData(model: ModelWithData): {
  readonly compiled: CompiledModelData;
  readonly problems: readonly DataProblem[];
} {
  const hasData =
    (model.actionRules ?? []).some(isActionRuleData) ||
    (model.ledgers ?? []).some(isLedgerData) ||
    (model.views ?? []).some(isViewData);
  const collector = new ProblemCollector();
  const types = hasData ? modelTypes(model) : undefined;
  const compilation = (t: NonNullable<typeof types>) => ({
    model,
    constants: model.constants,
    types: t,
    collector,
  });
  /** The parts of one list compiled where written as data, passed through where in TypeScript. */
  const compileEach = <T, D>(
    parts: readonly (T | D)[],
    isData: (part: T | D) => part is D,
    compile: (part: D, i: number, types: ModelTypes) => T,
  ): T[] =>
    parts.map((part, i) =>
      isData(part) && types !== undefined ? compile(part, i, types) : (part as T),
    );
  const compiled: CompiledModelData = {
    ...(model.actionRules === undefined
      ? {}
      : {
          actionRules: compileEach(model.actionRules, isActionRuleData, (rule, i, t) =>
            compileActionRule(rule, ['actionRules', i], compilation(t)),
          ),
        }),
    ...(model.ledgers === undefined
      ? {}
      : {
          ledgers: compileEach(model.ledgers, isLedgerData, (ledger, i, t) =>
            compileLedger(ledger, ['ledgers', i], t, model.constants, collector),
          ),
        }),
    ...(model.views === undefined
      ? {}
      : {
          views: compileEach(model.views, isViewData, (view, i, t) =>
            compileView(view, ['views', i], t, model.constants, collector),
          ),
        }),
    ...(model.demoData === undefined
      ? {}
      : {
          demoData:
            typeof model.demoData === 'function' ? model.demoData : demoDataOf(model.demoData),
        }),
  };
  // Inbound mappings stay data in the model (the engine compiles them again when it takes events);
  // compiled here for their problems.
  if ((model.inbound ?? []).length > 0)
    compileInbound(model.inbound ?? [], (types ?? modelTypes(model)).root, model, collector);
  return { compiled, problems: collector.problems };
}
