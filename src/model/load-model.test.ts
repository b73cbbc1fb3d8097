import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryModel } from './delivery-model.test-support.ts';
import { loadModel, parseModelSource } from './load-model.ts';
import { formatModelProblems, type ModelProblem } from './model-problem.ts';

/** What loading answers for a model with these problems. */
const failure = (...problems: ModelProblem[]) => ({ ok: false, error: problems });

const model = deliveryModel('fixture');

const yaml = `name: fixture
actorRoles:
  CA01:
    name: client
    kind: environmental
  A01:
    name: supplier
transactionKinds:
  TK01:
    name: Delivery
    product: "[delivery] is done"
    initiator: CA01
    executor: A01
    example: {}
`;

let dir: string;
const at = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'factum-load-model-'));
  await writeFile(at('model.yaml'), yaml);
  await writeFile(at('model.yml'), yaml.replace('executor: A01', 'executor: A09'));
  await writeFile(at('model.json'), JSON.stringify(model, null, '\t'));
  await writeFile(at('broken.json'), '{ "name": "fixture", ');
  await writeFile(at('broken.yaml'), 'name: fixture\nactorRoles:\n  CA01: { name: client\n');
  await writeFile(
    at('model.ts'),
    `const model = ${JSON.stringify(model)} as const;\nexport default model;\n`,
  );
  await writeFile(at('named.mjs'), `export const model = ${JSON.stringify(model)};\n`);
  await writeFile(at('nothing.mjs'), 'export const other = 1;\n');
  await writeFile(at('throws.mjs'), "throw new Error('boom');\n");
  await writeFile(at('model.txt'), yaml);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadModel', () => {
  it('loads a YAML model', async () => {
    const result = await loadModel(at('model.yaml'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.transactionKinds.TK01?.executor).toBe('A01');
  });

  it('reports a problem in YAML with its line and column', async () => {
    const result = await loadModel(at('model.yml'));
    expect(result).toEqual(
      failure({
        path: 'transactionKinds.TK01.executor',
        message: "unknown actor role 'A09'",
        line: 13,
        column: 15,
      }),
    );
    if (!result.ok)
      expect(formatModelProblems(result.error)).toBe(
        "transactionKinds.TK01.executor: unknown actor role 'A09' (line 13:15)",
      );
  });

  it('places a missing field at its parent', () => {
    expect(parseModelSource(yaml.replace('    executor: A01\n', ''))).toEqual(
      failure({
        path: 'transactionKinds.TK01.executor',
        message: 'missing executor: a transaction kind needs an executor actor role',
        line: 10,
        column: 5,
      }),
    );
  });

  it('reads YAML merge keys: a schema reused with `<<: *anchor` keeps its keys and its overrides', () => {
    const source = yaml.replace(
      '    example: {}\n',
      [
        '    payload:',
        '      type: object',
        '      properties:',
        '        from: &branch { type: string, enum: [AMS, UTR], title: From }',
        '        to: { <<: *branch, title: To }',
        '    example: {}',
        '',
      ].join('\n'),
    );
    const result = parseModelSource(source);
    if (!result.ok) throw new Error(formatModelProblems(result.error));
    expect(result.value.transactionKinds.TK01?.payload?.properties).toEqual({
      from: { type: 'string', enum: ['AMS', 'UTR'], title: 'From' },
      to: { type: 'string', enum: ['AMS', 'UTR'], title: 'To' },
    });
  });

  it('loads a JSON model (tab-indented)', async () => {
    const result = await loadModel(at('model.json'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.name).toBe('fixture');
  });

  it('loads a TypeScript model from its default export', async () => {
    const result = await loadModel(at('model.ts'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(result.value.actorRoles)).toEqual(['CA01', 'A01']);
  });

  it('loads a module model from its `model` export', async () => {
    const result = await loadModel(at('named.mjs'));
    expect(result.ok).toBe(true);
  });

  it('reports a module that exports no model, or fails to load', async () => {
    expect(await loadModel(at('nothing.mjs'))).toEqual(
      failure({
        path: '(file)',
        message: "the module exports no model: export it as the default export or as 'model'",
      }),
    );
    const throws = await loadModel(at('throws.mjs'));
    expect(throws.ok).toBe(false);
    if (!throws.ok) expect(throws.error[0]?.message).toBe('cannot load the model module: boom');
  });

  it('reports a missing file without throwing', async () => {
    const path = at('absent.yaml');
    const result = await loadModel(path);
    expect(result).toEqual(
      failure({ path: '(file)', message: `cannot read model file '${path}': no such file` }),
    );
  });

  it('reports a YAML syntax error with its position', async () => {
    const result = await loadModel(at('broken.yaml'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.length).toBeGreaterThan(0);
    const first = result.error[0]!;
    expect(first.path).toBe('(file)');
    expect(first.message).toMatch(/^syntax error: /);
    expect(first.line).toBeGreaterThanOrEqual(3);
  });

  it('reports a JSON syntax error', async () => {
    const result = await loadModel(at('broken.json'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]?.message).toMatch(/^syntax error: /);
  });

  it('reports an empty file', () => {
    expect(parseModelSource('# nothing here\n')).toEqual(
      failure({ path: '(file)', message: 'the model file is empty' }),
    );
  });

  it('reports an unsupported extension', async () => {
    const result = await loadModel(at('model.txt'));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error[0]?.message).toMatch(
        /^unsupported model file '.*model\.txt': expected \.yaml, \.yml, \.json, \.ts, \.mts, \.js, \.mjs$/,
      );
  });
});
