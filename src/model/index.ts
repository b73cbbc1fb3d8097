/**
 * @module factum/model
 * The DEMO model language: the model types, `defineModel` for TypeScript models, the schema and
 * validation shared with YAML/JSON models, the loader, payload validation and the queries the engine
 * and the UI ask of a model.
 */
export type {
  ActIntent,
  ActionRule,
  Assessment,
  ConditionOutcome,
  FactReader,
  InitiateIntent,
  PerformIntent,
  RuleContext,
} from './action-rule.ts';
export type {
  ActData,
  ActionRuleData,
  ActOptionsData,
  AssessData,
  ConditionCategory,
  ConditionData,
  ConstantsData,
  DemoDataDocument,
  FactMatchData,
  LedgerData,
  RuleMode,
  ValueTree,
  ViewData,
  ViewRowData,
} from './data/model-data.ts';
export { isActionRuleData, isLedgerData, isViewData } from './data/model-data.ts';
export type { CompiledModelData, ModelWithData } from './data/compile-model-data.ts';
export { compileModelData } from './data/compile-model-data.ts';
export type { DataProblem } from './data/problem-collector.ts';
export type { InboundMapping } from './inbound-mapping.ts';
export type { CompiledExpression, ExpectedType, ExpressionProblem } from './expressions/expression-scope.ts';
export { ExpressionError, ExpressionScope } from './expressions/expression-scope.ts';
export { initiate, perform } from './action-rule.ts';
export type { TypedModel } from './define-model.ts';
export { defineModel, ModelDataError } from './define-model.ts';
export { isPersonalRole, kindIdByName, kindSpecOf } from './kind-spec.ts';
export type { SchemaProblem } from './json-schema-check.ts';
export { checkJsonSchema } from './json-schema-check.ts';
export type { LedgerAmount, LedgerBalance, LedgerDefinition } from './ledger-definition.ts';
export { filePath, loadModel, parseModelSource } from './load-model.ts';
export type {
  ActorRoleDef,
  ActorRoleKind,
  ActRef,
  Cardinality,
  EntityTypeDef,
  FactRef,
  Model,
  ModelDocument,
  PayloadSchema,
  PropertyDef,
  PropertyType,
  ResponseLink,
  TransactionKindDef,
  WaitLink,
} from './model.ts';
export type { ModelProblem } from './model-problem.ts';
export { formatModelProblem, formatModelProblems } from './model-problem.ts';
export {
  childKindsOf,
  executorOf,
  initiatorOf,
  kindsExecutedBy,
  kindsInitiatedBy,
  parentKindsOf,
  responseLinksFrom,
  rootKindsOf,
  waitLinksOf,
} from './model-queries.ts';
export type { ModelSchemaOutput } from './model-schema.ts';
export {
  businessNamePattern,
  cardinalities,
  idPattern,
  ledgerNamePattern,
  modelSchema,
} from './model-schema.ts';
export type { CompiledPayloads, PayloadValidator } from './payload-validation.ts';
export {
  compilePayloadSchema,
  compilePayloadSchemas,
  dottedPath,
  PayloadSchemaError,
  payloadIssuesOf,
  plainMessage,
  validatePayload,
} from './payload-validation.ts';
export type { ModelPath, SourcePosition, ValidateModelOptions } from './validate-model.ts';
export { validateModel } from './validate-model.ts';
export type { ViewChange, ViewDefinition, ViewFactContext } from './view-definition.ts';
export { defineView } from './view-definition.ts';
