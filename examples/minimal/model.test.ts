import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compilePayloadSchemas,
  formatModelProblems,
  kindsExecutedBy,
  kindsInitiatedBy,
  loadModel,
  validatePayload,
} from 'factum/model';

const path = fileURLToPath(new URL('./model.yaml', import.meta.url));

describe('the minimal example model', () => {
  it('loads and validates clean', async () => {
    const result = await loadModel(path);
    if (!result.ok) throw new Error(formatModelProblems(result.error));
    const model = result.value;
    expect(Object.keys(model.transactionKinds)).toEqual(['TK01']);
    expect(Object.keys(model.actorRoles)).toEqual(['CA01', 'A01', 'A02']);
    expect(model.transactionKinds.TK01).toMatchObject({ initiator: 'CA01', executor: 'A01' });
    expect(model.processModel).toBeUndefined();
    expect(model.actionRules).toBeUndefined();
  });

  it('has A02 take part in nothing, and demo actors for every role', async () => {
    const result = await loadModel(path);
    if (!result.ok) throw new Error(formatModelProblems(result.error));
    const model = result.value;
    expect(kindsInitiatedBy(model, 'A02')).toEqual([]);
    expect(kindsExecutedBy(model, 'A02')).toEqual([]);
    for (const role of Object.values(model.actorRoles))
      expect(role.demoActors?.length).toBeGreaterThan(0);
  });

  it('has an example that its payload schema accepts, and a schema that refuses nonsense', async () => {
    const result = await loadModel(path);
    if (!result.ok) throw new Error(formatModelProblems(result.error));
    const compiled = compilePayloadSchemas(result.value);
    const example = result.value.transactionKinds.TK01?.example;
    expect(validatePayload(compiled, 'TK01', 'request', example)).toEqual([]);
    expect(
      validatePayload(compiled, 'TK01', 'request', { item: 'tea', quantity: 0 }).map((i) => i.path),
    ).toEqual(['quantity']);
  });
});
