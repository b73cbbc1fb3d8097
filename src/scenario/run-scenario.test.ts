import { describe, expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { checkScenario } from './check-scenario.ts';
import { engineScenarioTarget } from './engine-target.ts';
import { runScenario, type StepResult } from './run-scenario.ts';
import { shopOrderTerms } from '../testing/shop-order.test-support.ts';

/** An order above the review threshold: the shop's rules leave it to a person, and decline it 30 minutes on. */
const large = shopOrderTerms('GRN-050', 9);

async function run(
  steps: readonly object[],
  rules = true,
  byHand?: readonly string[],
): Promise<StepResult[]> {
  const checked = checkScenario(shopModel, {
    steps,
    given: { ledgers: { stock: { 'GRN-050': 9 } } },
    ...(byHand === undefined ? {} : { byHand }),
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.error));
  let time = Date.parse('2026-01-05T09:00:00.000Z');
  const target = engineScenarioTarget(shopModel, {
    rules,
    clock: () => new Date((time += 60_000)),
    ...(checked.value.byHand === undefined ? {} : { byHand: checked.value.byHand }),
  });
  const results: StepResult[] = [];
  for await (const result of runScenario(shopModel, checked.value, target)) results.push(result);
  return results;
}

describe('scenario steps with at', () => {
  it('lets time pass: what a rule asked for by then runs, and a step may only check a status', async () => {
    const results = await run([
      { tx: 'o1', kind: 'TK01', by: 'CA01', act: 'request', payload: large, expect: 'requested' },
      { tx: 'o1', at: '2026-01-05T09:20:00Z', expect: 'requested' }, // not due yet
      { tx: 'o1', at: '2026-01-05T09:40:00Z', expect: 'declined' }, // declined 30 minutes on
      { tx: 'o1', by: 'CA01', act: 'quit', at: '2026-01-05T10:00:00Z', expect: 'quitted' },
    ]);
    expect(results.map((r) => [r.report.act, r.report.outcome, r.report.status, r.met])).toEqual([
      ['request', 'appended', 'requested', true],
      ['wait', 'waited', 'requested', true],
      ['wait', 'waited', 'declined', true],
      ['quit', 'appended', 'quitted', true],
    ]);
    expect(results[2]?.report).toMatchObject({ at: '2026-01-05T09:40:00Z' });
  });

  it('runs nothing that was asked for later when the rules are off', async () => {
    const results = await run(
      [
        { tx: 'o1', kind: 'TK01', by: 'CA01', act: 'request', payload: large },
        { tx: 'o1', at: '2026-01-05T12:00:00Z', expect: 'declined' },
      ],
      false,
    );
    expect(results[1]).toMatchObject({ met: false, report: { status: 'requested' } });
  });

  it('refuses a step that goes back in time, has neither act nor at, or an act without a role', () => {
    const checked = checkScenario(shopModel, {
      steps: [
        { tx: 'o1', kind: 'TK01', by: 'CA01', act: 'request', at: '2026-01-06T09:00:00Z' },
        { tx: 'o1', at: '2026-01-05T09:00:00Z' },
        { tx: 'o1' },
        { tx: 'o1', act: 'quit' },
        { tx: 'o1', by: 'CA01', at: '2026-01-07T09:00:00Z' },
        { tx: 'o1', at: 'tomorrow' },
      ],
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.map((p) => p.path)).toEqual([
      'steps.1.at',
      'steps.2.act',
      'steps.3.by',
      'steps.4.by',
      'steps.5.at',
    ]);
  });
});

describe('scenario roles played by hand', () => {
  const small = shopOrderTerms('GRN-050', 1);

  it('lets the rules of the other roles act, and stands down the rules of a role played by hand', async () => {
    const request = { tx: 'o1', kind: 'TK01', by: 'CA01', act: 'request', payload: small };
    // The distributor's rule promises an order in stock at once…
    const ruled = await run([{ ...request, expect: 'promised' }]);
    expect(ruled.map((r) => [r.report.status, r.met])).toEqual([['promised', true]]);
    // …unless the scenario plays the distributor by hand: then a person promises.
    const byHand = await run(
      [
        { ...request, expect: 'requested' },
        { tx: 'o1', by: 'A01', act: 'promise', expect: 'promised' },
      ],
      true,
      ['A01'],
    );
    expect(byHand.map((r) => [r.report.act, r.report.status, r.met])).toEqual([
      ['request', 'requested', true],
      ['promise', 'promised', true],
    ]);
  });

  it('refuses a role the model does not have', () => {
    const checked = checkScenario(shopModel, {
      byHand: ['A01', 'ZZ09'],
      steps: [{ tx: 'o1', kind: 'TK01', by: 'CA01', act: 'request' }],
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.map((p) => p.path)).toEqual(['byHand.1']);
    expect(checked.error[0]?.message).toContain("unknown actor role 'ZZ09'");
  });
});
