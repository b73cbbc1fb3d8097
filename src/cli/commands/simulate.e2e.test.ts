import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectInvalidInput,
  factum,
  scratchDir,
  type CliRun,
} from '../cli-harness.test-support.ts';

async function scratch(name: string, text: string): Promise<string> {
  const path = join(await scratchDir(), name);
  await writeFile(path, text);
  return path;
}

/** Writes a scenario of these steps (one YAML flow mapping each) and simulates it on the minimal model. */
async function simulateMinimal(name: string, ...steps: string[]): Promise<CliRun> {
  const scenario = await scratch(name, `steps:\n${steps.map((step) => `  - ${step}\n`).join('')}`);
  return factum(['simulate', 'examples/minimal/model.yaml', scenario]);
}

/** Simulates one of the shop's example scenarios (by name) on the shop. */
function simulateShop(scenario: string, ...flags: string[]): Promise<CliRun> {
  return factum([
    'simulate',
    'examples/shop/model.ts',
    `examples/shop/scenarios/${scenario}.yaml`,
    ...flags,
  ]);
}

describe('factum simulate', () => {
  it.each([
    'happy-path',
    'decline-and-request-again',
    'reject-and-stop',
    'revocation',
    'process-model',
  ])('runs the shop scenario %s with every expectation met', async (name) => {
    const result = await simulateShop(name);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('runs the shop with its action rules: promise, payment, shipment, completion, revocation', async () => {
    const result = await simulateShop('with-rules', '--rules');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rule request-payment: PaymentRequested on o1.TK02');
    expect(result.stdout).toContain('rule complete-order: OrderDeclared on o1');
    expect(result.stdout).toContain(
      'rule answer-order-revocation: PaymentRequestRevoked on o3.TK02',
    );
    // The rules leave o2 declined: 3 ordered, 2 in stock.
    expect(result.stdout).toMatch(/o2 {2}request {2}→ OrderRequested, now declined/);
  });

  it('prints the fact and status of each step, and the refusal with its reason', async () => {
    const result = await simulateShop('happy-path');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(18);
    expect(lines[0]).toMatch(/o1 {2}request {2}→ OrderRequested, now requested$/);
    expect(lines[2]).toContain('refused AwaitingFact');
    expect(lines[2]).toContain('TK02/accepted');
    expect(lines[17]).toMatch(/OrderAccepted, now accepted$/);
  });

  it('prints exactly one JSON object per step with --json', async () => {
    const result = await simulateShop('revocation', '--json');
    const reports = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(reports).toHaveLength(26);
    expect(reports[2]).toEqual({
      step: 3,
      tx: 'o4',
      act: 'revoke',
      outcome: 'appended',
      status: 'promised',
      pendingRevocation: { act: 'request', by: 'CA01' },
      fact: 'OrderRequestRevoked',
    });
    expect(reports[3]).toMatchObject({
      step: 4,
      outcome: 'refused',
      status: 'promised',
      refusal: { code: 'RevocationPending' },
    });
    expect(reports[3]).not.toHaveProperty('fact');
    expect(reports[5]).toMatchObject({
      fact: 'OrderRevocationAllowed',
      status: 'revoked',
      pendingRevocation: null,
    });
  });

  it('exits 1 and names the step when an expectation fails', async () => {
    const result = await simulateMinimal(
      'wrong.yaml',
      '{ tx: d1, kind: TK01, by: CA01, act: request, expect: promised }',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ expected promised');
    expect(result.stderr).toContain('1 step(s) did not meet their expectation');
  });

  it('meets an expected refusal code only when the step is refused with that code', async () => {
    const result = await simulateMinimal(
      'codes.yaml',
      '{ tx: d1, kind: TK01, by: CA01, act: request, expect: requested }',
      '{ tx: d1, by: A01, act: execute, expect: ActNotAllowed }',
      '{ tx: d1, by: A01, act: decline, expect: AwaitingFact }',
      '{ tx: d1, by: CA01, act: quit, expect: Quitted }',
    );
    expectInvalidInput(result, "steps.3.expect: 'Quitted' is neither 'refused', a status");
    const run = await simulateMinimal(
      'codes-fixed.yaml',
      '{ tx: d1, kind: TK01, by: CA01, act: request, expect: requested }',
      '{ tx: d1, by: A01, act: execute, expect: ActNotAllowed }',
      '{ tx: d1, by: A01, act: promise, expect: AwaitingFact }',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/2 {2}d1 {2}execute {2}refused ActNotAllowed.*\n/);
    expect(run.stdout).not.toMatch(/execute .*✗/);
    expect(run.stdout).toMatch(
      /promise {2}→ DeliveryPromised, now promised {3}✗ expected AwaitingFact/,
    );
  });

  it('exits 2 and lists every problem of a malformed scenario at its path, running nothing', async () => {
    const result = await simulateMinimal(
      'bad.yaml',
      '{ tx: d1, by: CA09, act: request }',
      '{ tx: d1, kind: TK01, by: CA01, act: fly }',
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("steps.0.by: unknown actor role 'CA09'");
    expect(result.stderr).toContain(
      "steps.0.kind: first step of transaction 'd1' must name its kind",
    );
    expect(result.stderr).toContain("steps.1.act: unknown act 'fly'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a malformed model, with the problem at its path and no stack trace', async () => {
    const model = await scratch(
      'model.yaml',
      'name: broken\nactorRoles: { CA01: { name: client } }\ntransactionKinds:\n  TK01: { name: Delivery, product: "[d] is done", initiator: CA01, executor: A09, example: {} }\n',
    );
    const result = await factum(['simulate', model, 'examples/minimal/scenarios/happy-path.yaml']);
    expectInvalidInput(result, "transactionKinds.TK01.executor: unknown actor role 'A09'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('lets the action rules respond with --rules, and leaves them off without it', async () => {
    const scenario = await scratch(
      'rules.yaml',
      'steps:\n  - { tx: d1, kind: TK01, by: CA01, act: request, expect: promised }\n' +
        '  - { tx: d2, kind: TK01, by: CA01, act: request, payload: { item: gold }, expect: declined }\n',
    );
    const model = 'src/cli/commands/fixtures/auto-supplier.model.ts';
    const withRules = await factum(['simulate', model, scenario, '--rules']);
    expect(withRules.code).toBe(0);
    expect(withRules.stdout).toContain('rule promise-every-delivery: DeliveryPromised on d1');
    expect(withRules.stdout).toContain(
      'rule inspect-promised-delivery: InspectionRequested on d1.TK02',
    );
    expect(withRules.stdout).toContain('rule promise-every-delivery: DeliveryDeclined on d2');
    const withoutRules = await factum(['simulate', model, scenario]);
    expect(withoutRules.code).toBe(1);
    expect(withoutRules.stdout).not.toContain('rule ');
  });
});
