/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call --
   these tests break a model on purpose, so they handle it as untyped data */
import { describe, expect, it } from 'vitest';
import { parseModelSource } from './load-model.ts';
import { validateModel } from './validate-model.ts';
import { ruleOn } from './action-rule.test-support.ts';
import { shopRoles } from './shop-roles.test-support.ts';
import { responseLink, waitLink } from '../core/process-links.test-support.ts';
import { orderKind, paymentKind } from './shop-kinds.test-support.ts';

/** An order that starts a payment; the order's execution waits for the accepted payment. */
function baseModel(): Record<string, any> {
  return {
    name: 'process-check',
    actorRoles: shopRoles(),
    transactionKinds: {
      TK01: orderKind(),
      TK02: paymentKind(),
      TK03: {
        name: 'Survey',
        product: '[survey] is done',
        initiator: 'A01',
        executor: 'A02',
        example: {},
      },
    },
    processModel: {
      responseLinks: [responseLink('TK01/promised', 'TK02/request', '1')],
      waitLinks: [waitLink('TK01/execute', 'TK02/accepted')],
    },
  };
}

function problemsOf(model: unknown): { path: string; message: string }[] {
  const result = validateModel(model);
  return result.ok ? [] : result.error.map(({ path, message }) => ({ path, message }));
}

describe('model check: the Process Model', () => {
  it('passes a model whose links can all be met', () => {
    expect(problemsOf(baseModel())).toEqual([]);
  });

  it('finds a wait-link cycle and names both links and the fix', () => {
    const model = baseModel();
    model.processModel.waitLinks.push(waitLink('TK02/promise', 'TK01/executed'));
    const problems = problemsOf(model);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('processModel.waitLinks.0');
    expect(problems[0]?.message).toContain('wait-link cycle');
    expect(problems[0]?.message).toContain('[TK01/execute] waits for (TK02/accepted)');
    expect(problems[0]?.message).toContain('[TK02/promise] waits for (TK01/executed)');
    expect(problems[0]?.message).toContain('Remove one of these wait links');
  });

  it('finds a cycle through a response link: an act waiting for a child that only its own later fact starts', () => {
    const model = baseModel();
    model.processModel.waitLinks = [waitLink('TK01/promise', 'TK02/accepted')];
    expect(problemsOf(model).map((p) => p.message)).toEqual([
      expect.stringContaining('wait-link cycle: [TK01/promise] waits for (TK02/accepted)'),
    ]);
  });

  it('finds a wait link to a kind that can never be in the same tree or entity instance', () => {
    const model = baseModel();
    model.processModel.waitLinks.push(waitLink('TK02/accept', 'TK03/accepted'));
    const problems = problemsOf(model);
    expect(problems).toContainEqual({
      path: 'processModel.waitLinks.1.waitsFor',
      message: expect.stringContaining(
        "no TK03 can be in a TK02's tree or entity instance",
      ) as string,
    });
    expect(problems[1]?.message ?? problems[0]?.message).toContain('Add a response link');
    // What follows from it: the order's wait link now waits for a fact that never occurs.
    expect(problems).toContainEqual({
      path: 'processModel.waitLinks.0.waitsFor',
      message: expect.stringContaining(
        'TK02 never reaches accepted: [TK02/accept] waits for (TK03/accepted)',
      ) as string,
    });
  });

  it('accepts a wait link across trees when both kinds are about one entity type', () => {
    const model = baseModel();
    model.factModel = { entityTypes: { ORDER: { properties: {} } } };
    model.transactionKinds.TK02.entityType = 'ORDER';
    model.transactionKinds.TK03.entityType = 'ORDER';
    model.transactionKinds.TK03.entityKey = 'order';
    model.processModel.waitLinks.push(waitLink('TK02/accept', 'TK03/accepted'));
    expect(problemsOf(model)).toEqual([]);
  });

  it('finds response links and action rules on facts that can never occur', () => {
    const model = baseModel();
    model.processModel.waitLinks.push(waitLink('TK02/accept', 'TK03/accepted'));
    model.processModel.responseLinks.push(responseLink('TK02/accepted', 'TK01/execute'));
    model.actionRules = [
      ruleOn('ship-when-paid', 'A01', 'TK02/accepted'),
      ruleOn('thank-when-paid', 'A01', 'TK02/promised'),
    ];
    const problems = problemsOf(model);
    expect(problems).toContainEqual({
      path: 'processModel.responseLinks.1.from',
      message: expect.stringContaining('(TK02/accepted) can never occur') as string,
    });
    expect(problems).toContainEqual({
      path: 'actionRules.0.when',
      message: expect.stringContaining("rule 'ship-when-paid' can never fire") as string,
    });
    expect(problems.some((p) => p.path === 'actionRules.1.when')).toBe(false);
  });

  it('asks for an entityType where a kind names an entityKey', () => {
    const model = baseModel();
    model.transactionKinds.TK03.entityKey = 'order';
    expect(problemsOf(model)).toEqual([
      {
        path: 'transactionKinds.TK03.entityKey',
        message: expect.stringContaining('TK03 has no entityType') as string,
      },
    ]);
  });

  it('reports the line and column of a cycle in a YAML model', () => {
    const yaml = `name: cycle
actorRoles:
  CA01: { name: customer, kind: environmental }
  A01: { name: supplier }
transactionKinds:
  TK01: { name: Order, product: "[order] is done", initiator: CA01, executor: A01, example: {} }
  TK02: { name: Payment, product: "[order] is paid", initiator: A01, executor: CA01, example: {} }
processModel:
  responseLinks:
    - { from: { kind: TK01, fact: promised }, to: { kind: TK02, act: request } }
  waitLinks:
    - { act: { kind: TK01, act: execute }, waitsFor: { kind: TK02, fact: accepted } }
    - { act: { kind: TK02, act: execute }, waitsFor: { kind: TK01, fact: declared } }
`;
    const result = parseModelSource(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject([{ path: 'processModel.waitLinks.0', line: 12, column: 7 }]);
  });
});
