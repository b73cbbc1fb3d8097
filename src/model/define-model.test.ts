/**
 * Type-level tests of `defineModel`: a rule or link naming an unknown kind or role must not compile.
 * The type check (`npm run typecheck`, run in CI) checks the `expectTypeOf` assertions and the
 * `@ts-expect-error` lines (an unused directive is itself an error); the single-line calls keep each
 * expected error on its line wherever the compiler reports it. At run time the same calls go through
 * `validateModel`, which must catch what the compiler would have.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineModel, type TypedModelInput } from './define-model.ts';
import { clientAndSupplier, deliveryKind } from './delivery-model.test-support.ts';
import { validateModel } from './validate-model.ts';

const actorRoles = clientAndSupplier;
const kind = deliveryKind;

type Input = TypedModelInput<keyof typeof actorRoles, 'TK01'>;
type ResponseLinkInput = NonNullable<NonNullable<Input['processModel']>['responseLinks']>[number];
type WaitLinkInput = NonNullable<NonNullable<Input['processModel']>['waitLinks']>[number];
type KindInput = Input['transactionKinds']['TK01'];

const problemsOf = (model: Parameters<typeof validateModel>[0]): string[] => {
  const result = validateModel(model);
  return result.ok ? [] : result.error.map((p) => `${p.path}: ${p.message}`);
};

describe('defineModel', () => {
  it('returns the model unchanged, and it validates', () => {
    const model = defineModel({
      name: 'typed',
      actorRoles,
      transactionKinds: { TK01: kind, TK02: { ...kind, name: 'Pickup' } },
      processModel: {
        responseLinks: [
          { from: { kind: 'TK01', fact: 'promised' }, to: { kind: 'TK02', act: 'request' } },
        ],
      },
      actionRules: [
        { id: 'r1', role: 'A01', when: { kind: 'TK01', fact: 'requested' }, then: () => [] },
      ],
    });
    expect(model.transactionKinds.TK02.name).toBe('Pickup');
    expect(validateModel(model).ok).toBe(true);
  });

  it('rejects at compile time a rule naming an unknown role or kind', () => {
    const model = defineModel({
      name: 'typed',
      actorRoles,
      transactionKinds: { TK01: kind },
      actionRules: [
        // @ts-expect-error A09 is not an actor role of the model
        { id: 'r1', role: 'A09', when: { kind: 'TK01', fact: 'requested' }, then: () => [] },
        // @ts-expect-error TK09 is not a transaction kind of the model
        { id: 'r2', role: 'A01', when: { kind: 'TK09', fact: 'requested' }, then: () => [] },
      ],
    });
    // validateModel catches the same mistakes at run time (e.g. in a JavaScript model).
    const result = validateModel(model);
    expect(result.ok ? [] : result.error.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "actionRules.0.role: unknown actor role 'A09'",
      "actionRules.1.when.kind: unknown transaction kind 'TK09'",
    ]);
  });

  it('rejects at compile time a link naming an unknown kind', () => {
    expectTypeOf<{
      from: { kind: 'TK01'; fact: 'promised' };
      to: { kind: 'TK09'; act: 'request' };
    }>().not.toExtend<ResponseLinkInput>();
    expectTypeOf<{
      from: { kind: 'TK01'; fact: 'promised' };
      to: { kind: 'TK01'; act: 'request' };
    }>().toExtend<ResponseLinkInput>();
    expectTypeOf<{
      act: { kind: 'TK01'; act: 'execute' };
      waitsFor: { kind: 'TK08'; fact: 'accepted' };
    }>().not.toExtend<WaitLinkInput>();
    // prettier-ignore
    // @ts-expect-error TK09 is not a transaction kind of the model
    const responseToUnknown = defineModel({ name: 'typed', actorRoles, transactionKinds: { TK01: kind }, processModel: { responseLinks: [{ from: { kind: 'TK01', fact: 'promised' }, to: { kind: 'TK09', act: 'request' } }] } });
    // prettier-ignore
    // @ts-expect-error TK08 is not a transaction kind of the model
    const waitForUnknown = defineModel({ name: 'typed', actorRoles, transactionKinds: { TK01: kind }, processModel: { waitLinks: [{ act: { kind: 'TK01', act: 'execute' }, waitsFor: { kind: 'TK08', fact: 'accepted' } }] } });
    // The same call with known kinds compiles:
    // prettier-ignore
    const known = defineModel({ name: 'typed', actorRoles, transactionKinds: { TK01: kind }, processModel: { responseLinks: [{ from: { kind: 'TK01', fact: 'promised' }, to: { kind: 'TK01', act: 'request' } }] } });
    expect(problemsOf(responseToUnknown).join('\n')).toContain('TK09');
    expect(problemsOf(waitForUnknown).join('\n')).toContain('TK08');
    expect(problemsOf(known)).toEqual([]);
  });

  it('rejects at compile time a kind whose executor is not a role of the model', () => {
    expectTypeOf<{ executor: 'A09' }>().not.toExtend<Pick<KindInput, 'executor'>>();
    expectTypeOf<{ executor: 'A01' }>().toExtend<Pick<KindInput, 'executor'>>();
    // prettier-ignore
    // @ts-expect-error A09 is not an actor role of the model
    const model = defineModel({ name: 'typed', actorRoles, transactionKinds: { TK01: { ...kind, executor: 'A09' } } });
    expect(problemsOf(model).join('\n')).toContain('A09');
  });
});
