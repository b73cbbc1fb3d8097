import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { root, Scratch } from './reliability.test-support.ts';

const run = promisify(execFile);
const scratch = new Scratch();
afterAll(() => scratch.dispose());
// A folder of its own with `"type": "module"`, as a project holding a TypeScript model has.
const dir = scratch.dir('factum-malformed-');
await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');

async function factum(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(root, 'bin/factum.mjs'), ...args],
      {
        cwd: root,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Exit 2, each expected problem on its own line at its path, and nothing that looks like a stack. */
function expectProblems(
  result: { code: number; stdout: string; stderr: string },
  problems: readonly (string | RegExp)[],
): void {
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.code, output).toBe(2);
  for (const problem of problems) {
    if (typeof problem === 'string') expect(output).toContain(problem);
    else expect(output).toMatch(problem);
  }
  expect(output).not.toMatch(/\n\s+at |node_modules|Error: /);
}

const brokenModels: readonly (readonly [string, string, readonly (string | RegExp)[]])[] = [
  [
    'many-problems.yaml',
    [
      'name: broken',
      'actorRoles:',
      '  CA01: { name: client, kind: cosmic }',
      'transactionKinds:',
      '  TK01: { name: Delivery, product: "[d] is done", initiator: CA01, executor: A09 }',
      '  tk2: { name: 7, product: "", initiator: CA01, executor: CA01 }',
    ].join('\n'),
    [
      /actorRoles\.CA01\.kind: .*\(line 3/,
      /transactionKinds\.TK01\.executor: unknown actor role 'A09' \(line 5/,
      /transactionKinds\.tk2/,
    ],
  ],
  ['syntax.yaml', 'name: x\n  bad: [\n', [/\(file\): syntax error: .*\(line \d+:\d+\)/]],
  ['syntax.json', '{ "name": 3, "actorRoles": [', [/\(file\): syntax error/]],
  [
    'wrong-types.json',
    JSON.stringify({ name: 3, actorRoles: [], transactionKinds: 'none' }),
    [/^name: /m, /^actorRoles: /m, /^transactionKinds: /m],
  ],
  ['empty.yaml', '', [/\(file\)|\(model\)|name: /]],
  ['invalid-object.ts', 'export default { name: 3 };\n', ['name: model name must be a string']],
  [
    'throws.ts',
    'export default {};\nthrow new Error("cannot reach the catalogue");\n',
    ['(file): cannot load the model module: cannot reach the catalogue'],
  ],
  [
    'exports-nothing.ts',
    'export const somethingElse = 1;\n',
    ['(file): the module exports no model'],
  ],
];

describe('malformed model files', () => {
  it.each(brokenModels)(
    '`factum model check` reports every problem of %s at its path, with no stack trace',
    async (name, text, problems) => {
      expectProblems(await factum('model', 'check', await file(name, text)), problems);
    },
  );

  it('reports a missing model file plainly', async () => {
    expectProblems(await factum('model', 'check', join(dir, 'missing.yaml')), [
      /cannot read model file .*missing\.yaml.*no such file/,
    ]);
  });

  it('`factum simulate` stops at a malformed model without running anything', async () => {
    const [name, text, problems] = brokenModels[0]!;
    const result = await factum(
      'simulate',
      await file(`simulate-${name}`, text),
      'examples/minimal/scenarios/happy-path.yaml',
    );
    expectProblems(result, problems);
    expect(result.stdout).toBe('');
  });
});

const brokenScenarios: readonly (readonly [string, string, readonly (string | RegExp)[]])[] = [
  ['syntax.yaml', 'steps: [\n', [/\(file\): .*not valid YAML\/JSON.*line \d+/]],
  ['a-list.yaml', '- a\n- b\n', [/\(scenario\): /]],
  ['steps-not-a-list.yaml', 'steps: 5\n', ['steps: Invalid input: expected array']],
  [
    'shapes.yaml',
    'steps:\n  - { tx: "", kind: TK01, by: CA01, act: request, at: yesterday, colour: red }\n  - 7\n',
    [
      'steps.0.tx: ',
      'steps.0.at: Invalid ISO datetime',
      'steps.0: Unrecognized key: "colour"',
      'steps.1: ',
    ],
  ],
  [
    'against-the-model.json',
    JSON.stringify({
      steps: [
        { tx: 'd1', kind: 'TK99', by: 'CA01', act: 'request' },
        { tx: 'd2', kind: 'TK01', by: 'ZZ01', act: 'fly' },
        { tx: 'd2', by: 'A01', act: 'revoke', revokes: 'execute' },
      ],
    }),
    [
      "steps.0.kind: unknown transaction kind 'TK99'",
      "steps.1.by: unknown actor role 'ZZ01'",
      "steps.1.act: unknown act 'fly'",
      'steps.2.revokes: ',
    ],
  ],
];

describe('malformed scenario files', () => {
  it.each(brokenScenarios)(
    '`factum simulate` reports every problem of %s at its path, running nothing',
    async (name, text, problems) => {
      const result = await factum(
        'simulate',
        'examples/minimal/model.yaml',
        await file(name, text),
      );
      expectProblems(result, problems);
      expect(result.stdout).toBe('');
    },
  );

  it('reports a missing scenario file plainly', async () => {
    const result = await factum('simulate', 'examples/minimal/model.yaml', join(dir, 'none.yaml'));
    expectProblems(result, [/cannot read scenario .*none\.yaml.*no such file/]);
  });

  // Both of these are problems of the file, found before anything runs: a status the pattern does
  // not have can never be met, and a shape problem in one step must not hide another's.
  it('reports an expectation that is no status of the pattern at its path', async () => {
    const result = await factum(
      'simulate',
      'examples/minimal/model.yaml',
      await file(
        'unknown-status.yaml',
        'steps:\n  - { tx: d1, kind: TK01, by: CA01, act: request, expect: flying }\n',
      ),
    );
    expectProblems(result, [/steps\.0\.expect: .*flying/]);
    expect(result.stdout).toBe('');
  });

  it('reports the model problems of well-formed steps alongside the shape problems of others', async () => {
    const result = await factum(
      'simulate',
      'examples/minimal/model.yaml',
      await file(
        'mixed.yaml',
        'steps:\n  - { tx: d1, kind: TK99, by: CA01, act: request }\n  - { tx: d2, kind: TK01, by: CA01, act: request, at: noon }\n  - { tx: d3, kind: TK01, by: CA01, act: request, colour: red }\n',
      ),
    );
    expectProblems(result, [
      "steps.0.kind: unknown transaction kind 'TK99'",
      'steps.1.at: Invalid ISO datetime',
      'steps.2: Unrecognized key: "colour"',
    ]);
  });
});
