/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call --
   these tests break a model on purpose, so they handle it as untyped data */
import { describe, expect, it } from 'vitest';
import type { ModelProblem } from './model-problem.ts';
import { parseModelSource } from './load-model.ts';
import { formatModelProblems, validateModel } from './validate-model.ts';
import { shopRoles } from './shop-roles.test-support.ts';
import { responseLink, waitLink } from '../core/process-links.test-support.ts';
import { orderKind, orderLinesSchema, shipmentKind } from './shop-kinds.test-support.ts';

/** A small valid model as plain data; each test breaks one thing. */
function baseModel(): Record<string, any> {
  return {
    name: 'test',
    actorRoles: shopRoles(),
    transactionKinds: {
      TK01: {
        ...orderKind(),
        entityType: 'ORDER',
        payload: orderLinesSchema(),
        example: { lines: [{ sku: 'MUG-001', qty: 1 }] },
      },
      TK02: shipmentKind(),
    },
    processModel: {
      responseLinks: [responseLink('TK01/promised', 'TK02/request')],
      waitLinks: [waitLink('TK01/execute', 'TK02/accepted')],
    },
    factModel: {
      entityTypes: {
        CUSTOMER: { properties: { name: { type: 'string' } } },
        ORDER: {
          properties: { customer: { type: { entity: 'CUSTOMER' } }, total: { type: 'money' } },
        },
      },
    },
    actionRules: [
      {
        id: 'promise-order',
        role: 'A01',
        when: { kind: 'TK01', fact: 'requested' },
        then: () => [],
      },
    ],
    views: [{ name: 'orders', project: () => [] }],
  };
}

function problemsOf(input: unknown): ModelProblem[] {
  const result = validateModel(input);
  if (result.ok) throw new Error('expected the model to be invalid');
  return result.error;
}

function linesOf(input: unknown): string[] {
  return formatModelProblems(problemsOf(input)).split('\n');
}

describe('validateModel', () => {
  it('accepts a valid model and returns it with its functions', () => {
    const input = baseModel();
    const result = validateModel(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.transactionKinds.TK01?.executor).toBe('A01');
    expect(result.value.actionRules?.[0]?.then).toBe(input.actionRules[0].then);
  });

  it.each<[string, (model: Record<string, any>) => void, string[]]>([
    [
      'an unknown executor role',
      (model) => {
        model.transactionKinds.TK02.executor = 'A09';
      },
      ["transactionKinds.TK02.executor: unknown actor role 'A09'"],
    ],
    [
      'an unknown initiator role and an unknown rule role',
      (model) => {
        model.transactionKinds.TK01.initiator = 'CA02';
        model.actionRules[0].role = 'A07';
      },
      [
        "transactionKinds.TK01.initiator: unknown actor role 'CA02'",
        "actionRules.0.role: unknown actor role 'A07'",
      ],
    ],
    [
      'links and rules naming an unknown kind',
      (model) => {
        model.processModel.responseLinks[0].from.kind = 'TK08';
        model.processModel.responseLinks[0].to.kind = 'TK09';
        model.processModel.waitLinks[0].act.kind = 'TK07';
        model.processModel.waitLinks[0].waitsFor.kind = 'TK06';
        model.actionRules[0].when.kind = 'TK05';
      },
      [
        "processModel.responseLinks.0.from.kind: unknown transaction kind 'TK08'",
        "processModel.responseLinks.0.to.kind: unknown transaction kind 'TK09'",
        "processModel.waitLinks.0.act.kind: unknown transaction kind 'TK07'",
        "processModel.waitLinks.0.waitsFor.kind: unknown transaction kind 'TK06'",
        "actionRules.0.when.kind: unknown transaction kind 'TK05'",
      ],
    ],
    [
      'an example payload that does not match the payload schema, at the example path',
      (model) => {
        model.transactionKinds.TK01.example = { lines: [{ sku: 'MUG-001', qty: 'two' }] };
      },
      [
        'transactionKinds.TK01.example.lines.0.qty: example does not match the payload schema: expected number, received string',
      ],
    ],
    [
      'a payload schema that is not a valid JSON Schema object',
      (model) => {
        model.transactionKinds.TK01.payload.properties.lines.items.properties.qty.type = 'int';
        model.transactionKinds.TK02.payload = { type: 'object', required: 'orderId' };
        model.transactionKinds.TK02.productPayload = 'an object';
      },
      [
        'transactionKinds.TK01.payload.properties.lines.items.properties.qty.type: invalid payload schema: unknown type "int"; valid types: null, boolean, object, array, number, integer, string',
        'transactionKinds.TK02.payload.required: invalid payload schema: \'required\' must be a list of property names, got string "orderId"',
        'transactionKinds.TK02.productPayload: invalid payload schema: a payload schema must be a JSON Schema object, got string "an object"',
      ],
    ],
    [
      'a payload schema that z.fromJSONSchema cannot compile',
      (model) => {
        model.transactionKinds.TK02.payload = {
          type: 'object',
          properties: { a: { $ref: 'other.json#/x' } },
        };
      },
      [
        'transactionKinds.TK02.payload: invalid payload schema: External $ref is not supported, only local refs (#/...) are allowed',
      ],
    ],
    [
      'entity properties and kinds naming an unknown entity type',
      (model) => {
        model.factModel.entityTypes.ORDER.properties.customer.type.entity = 'CUSTOMR';
        model.transactionKinds.TK02.entityType = 'SHIPMENT';
      },
      [
        "transactionKinds.TK02.entityType: unknown entity type 'SHIPMENT'",
        "factModel.entityTypes.ORDER.properties.customer.type.entity: unknown entity type 'CUSTOMR'",
      ],
    ],
    [
      'duplicate business names, rule ids and view names',
      (model) => {
        model.transactionKinds.TK02.name = 'Order';
        model.actionRules.push({ ...model.actionRules[0] });
        model.views.push({ name: 'orders', project: () => [] });
      },
      [
        "transactionKinds.TK02.name: duplicate business name 'Order' (also the name of TK01)",
        "actionRules.1.id: duplicate rule id 'promise-order'",
        "views.1.name: duplicate view name 'orders'",
      ],
    ],
    [
      'a business name that is not PascalCase and an id with a space',
      (model) => {
        model.transactionKinds.TK02.name = 'shipment order';
        model.actorRoles['A 03'] = { name: 'x' };
      },
      [
        "actorRoles.A 03: invalid id 'A 03': an id starts with a letter and has only letters, digits, '_' and '-'",
        "transactionKinds.TK02.name: business name 'shipment order' must be a PascalCase identifier (e.g. 'Order'): it prefixes event types like 'OrderRequested'",
      ],
    ],
    [
      'unknown fields and rules whose then is not a function',
      (model) => {
        model.transactionKinds.TK02.excutor = 'A02';
        model.actionRules[0].then = 'promise';
      },
      [
        "transactionKinds.TK02.excutor: unknown field 'excutor'",
        `actionRules.0.then: then must be a list of acts (e.g. [promise]), or a function in TypeScript; got "promise"`,
      ],
    ],
    [
      'a view readable by an unknown role',
      (model) => {
        model.views[0].readableBy = ['A01', 'A05'];
      },
      ["views.0.readableBy.1: unknown actor role 'A05'"],
    ],
  ])('reports %s', (_story, breakIt, lines) => {
    const model = baseModel();
    breakIt(model);
    expect(linesOf(model)).toEqual(lines);
  });

  it('reports a kind without executor or initiator', () => {
    const model = baseModel();
    delete model.transactionKinds.TK02.executor;
    delete model.transactionKinds.TK01.initiator;
    expect(problemsOf(model)).toEqual([
      {
        path: 'transactionKinds.TK01.initiator',
        message: 'missing initiator: a transaction kind needs an initiator actor role',
      },
      {
        path: 'transactionKinds.TK02.executor',
        message: 'missing executor: a transaction kind needs an executor actor role',
      },
    ]);
  });

  it('reports the acts a rule performs naming an unknown kind or act', () => {
    const model = {
      ...baseModel(),
      actionRules: [
        {
          id: 'promise-order',
          role: 'A01',
          when: { kind: 'TK01', fact: 'requested' },
          performs: [
            { kind: 'TK01', act: 'promise' },
            { kind: 'TK04', act: 'promise' },
            { kind: 'TK01', act: 'pay' },
          ],
          then: () => [],
        },
      ],
    };
    expect(linesOf(model).join('\n')).toContain("actionRules.0.performs.2.act: unknown act 'pay'");
    const known = {
      ...model,
      actionRules: [
        { ...model.actionRules[0], performs: model.actionRules[0]?.performs.slice(0, 2) },
      ],
    };
    expect(linesOf(known)).toEqual([
      "actionRules.0.performs.1.kind: unknown transaction kind 'TK04'",
    ]);
  });

  it('reports an unknown fact or act in a link, listing the valid names', () => {
    const model = baseModel();
    model.processModel.responseLinks[0].from.fact = 'paid';
    model.processModel.waitLinks[0].act.act = 'ship';
    const problems = problemsOf(model);
    expect(problems.map((p) => p.path)).toEqual([
      'processModel.responseLinks.0.from.fact',
      'processModel.waitLinks.0.act.act',
    ]);
    expect(problems[0]!.message).toBe(
      "unknown fact 'paid'; valid facts: requested, promised, declined, quitted, executed, declared, accepted, " +
        'rejected, stopped, requestRevoked, promiseRevoked, declarationRevoked, acceptanceRevoked, ' +
        'revocationAllowed, revocationRefused',
    );
    expect(problems[1]!.message).toBe(
      "unknown act 'ship'; valid acts: request, promise, decline, quit, execute, declare, accept, reject, stop, " +
        'revoke, allow, refuse',
    );
  });

  it('reports a bad cardinality and accepts the four valid ones (and YAML number 1)', () => {
    const model = baseModel();
    model.processModel.responseLinks[0].cardinality = '2..n';
    model.processModel.waitLinks[0].cardinality = 2;
    expect(linesOf(model)).toEqual([
      "processModel.responseLinks.0.cardinality: bad cardinality '2..n'; expected one of '1', '0..1', '0..n', '1..n'",
      "processModel.waitLinks.0.cardinality: bad cardinality 2; expected one of '1', '0..1', '0..n', '1..n'",
    ]);
    for (const cardinality of ['1', '0..1', '0..n', '1..n', 1]) {
      const valid = baseModel();
      valid.processModel.responseLinks[0].cardinality = cardinality;
      expect(validateModel(valid).ok).toBe(true);
    }
  });

  it('reports a missing required property of the example', () => {
    const model = baseModel();
    model.transactionKinds.TK01.example = {};
    expect(problemsOf(model)).toEqual([
      {
        path: 'transactionKinds.TK01.example.lines',
        message: 'example does not match the payload schema: expected array, received undefined',
      },
    ]);
  });

  it('checks ledgers: known kind and entity type, names, business names unique with the kinds', () => {
    const ledger = {
      name: 'stock',
      businessName: 'Stock',
      entityType: 'ORDER',
      kind: 'TK01',
      reserveOn: 'promise',
      consumeOn: 'execute',
      amounts: () => [],
    };
    const valid = baseModel();
    valid.ledgers = [ledger];
    expect(validateModel(valid).ok).toBe(true);
    const model = baseModel();
    model.ledgers = [
      { ...ledger, kind: 'TK09', entityType: 'STOCK' },
      { ...ledger, businessName: 'Order', reserveOn: 'reserve' },
      { ...ledger, name: 'Stock', businessName: 'stock', amounts: [] },
    ];
    expect(linesOf(model)).toEqual([
      "ledgers.1.reserveOn: unknown act 'reserve'; valid acts: request, promise, decline, quit, execute, declare, accept, reject, stop, revoke, allow, refuse",
      "ledgers.2.name: ledger name 'Stock' must be lower-case letters, digits and '-': it is part of stream ids like 'ledger:stock:MUG-001'",
      "ledgers.2.businessName: business name 'stock' must be a PascalCase identifier (e.g. 'Stock'): it prefixes event types like 'StockReserved'",
      'ledgers.2.amounts: amounts must be a CEL expression giving a list of {key, amount} (or a function in TypeScript), got []',
      "ledgers.0.kind: unknown transaction kind 'TK09'",
      "ledgers.0.entityType: unknown entity type 'STOCK'",
      "ledgers.1.name: duplicate ledger name 'stock'",
      "ledgers.1.businessName: duplicate business name 'Order' (also the name of TK01)",
    ]);
  });

  it('lists every problem at once, structural and cross-reference alike', () => {
    const model = baseModel();
    model.transactionKinds.TK02.executor = 'A09';
    delete model.transactionKinds.TK01.product;
    model.processModel.responseLinks[0].to.kind = 'TK09';
    model.processModel.responseLinks[0].cardinality = 'many';
    model.transactionKinds.TK01.example = { lines: 'none' };
    model.factModel.entityTypes.ORDER.properties.customer.type.entity = 'NOBODY';
    expect(linesOf(model).sort()).toEqual(
      [
        "transactionKinds.TK01.product: missing product kind (e.g. '[order] is completed')",
        "processModel.responseLinks.0.cardinality: bad cardinality 'many'; expected one of '1', '0..1', '0..n', '1..n'",
        "transactionKinds.TK02.executor: unknown actor role 'A09'",
        'transactionKinds.TK01.example.lines: example does not match the payload schema: expected array, received string',
        "processModel.responseLinks.0.to.kind: unknown transaction kind 'TK09'",
        "factModel.entityTypes.ORDER.properties.customer.type.entity: unknown entity type 'NOBODY'",
      ].sort(),
    );
  });

  it('reports input that is not a model at all', () => {
    expect(linesOf(42)).toEqual([
      '(model): a model must be an object with name, actorRoles and transactionKinds, got number',
    ]);
    expect(linesOf([])).toEqual([
      '(model): a model must be an object with name, actorRoles and transactionKinds, got a list',
    ]);
    expect(linesOf({})).toEqual([
      'name: missing model name',
      'actorRoles: missing actorRoles',
      'transactionKinds: missing transactionKinds',
    ]);
  });
});

describe('duplicate ids in YAML', () => {
  const yaml = [
    'name: dup',
    'actorRoles:',
    '  CA01: { name: client, kind: environmental }',
    '  A01: { name: supplier }',
    'transactionKinds:',
    '  TK01: { name: Delivery, product: "[delivery] is done", initiator: CA01, executor: A01, example: {} }',
    '  TK01: { name: Pickup, product: "[pickup] is done", initiator: CA01, executor: A01, example: {} }',
    '',
  ].join('\n');

  it('reports a repeated TK01 key as a duplicate id with its line', () => {
    const result = parseModelSource(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual([
      { path: 'transactionKinds.TK01', message: "duplicate id 'TK01'", line: 7, column: 3 },
    ]);
    expect(formatModelProblems(result.error)).toBe(
      "transactionKinds.TK01: duplicate id 'TK01' (line 7:3)",
    );
  });

  it('reports a repeated role id and a repeated field', () => {
    const text = yaml
      .replace('  A01: { name: supplier }', '  A01: { name: supplier }\n  A01: { name: other }')
      .replace('name: Pickup', 'name: Pickup, name: Collect');
    const result = parseModelSource(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatModelProblems(result.error).split('\n')).toEqual([
      "actorRoles.A01: duplicate id 'A01' (line 5:3)",
      "transactionKinds.TK01: duplicate id 'TK01' (line 8:3)",
      "transactionKinds.TK01.name: duplicate key 'name' (line 8:25)",
    ]);
  });
});
