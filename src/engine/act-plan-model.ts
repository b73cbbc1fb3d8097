/** What the pure act plan reads of a model, built once per model: links, kind specs, schemas, ledgers. */
import type { ActPlanModel } from '../core/index.ts';
import { kindSpecOf } from '../model/kind-spec.ts';
import type { Model } from '../model/model.ts';
import { compilePayloadSchemas, validatePayload } from '../model/payload-validation.ts';

const cache = new WeakMap<Model, ActPlanModel>();

/** The act plan's view of a model, memoised on the model object; compiles its payload schemas once. */
export function actPlanModelOf(model: Model): ActPlanModel {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const payloads = compilePayloadSchemas(model);
  const specs = new Map(
    Object.keys(model.transactionKinds).map((id) => [id, kindSpecOf(model, id)] as const),
  );
  const planModel: ActPlanModel = {
    process: {
      ...model.processModel,
      rolesOf: (kind) =>
        Object.hasOwn(model.transactionKinds, kind) ? model.transactionKinds[kind] : undefined,
    },
    kindSpec: (kind) => (Object.hasOwn(model.transactionKinds, kind) ? specs.get(kind) : undefined),
    checkPayload: (kind, act, payload) => validatePayload(payloads, kind, act, payload),
    ledgers: model.ledgers ?? [],
  };
  cache.set(model, planModel);
  return planModel;
}
