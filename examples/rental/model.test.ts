/**
 * Rent-A-Car, the example written only in YAML: its Cooperation and Process Models as DEMO draws
 * them, its schemas and examples, and its Process Model enforced by the engine when acts are
 * performed by hand (no action rules).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  compilePayloadSchemas,
  formatModelProblems,
  kindSpecOf,
  loadModel,
  rootKindsOf,
  validatePayload,
  type Model,
} from 'factum/model';
import { checkScenario } from '../../src/scenario/check-scenario.ts';
import { engineScenarioTarget } from '../../src/scenario/engine-target.ts';
import { runScenario, type StepResult } from '../../src/scenario/run-scenario.ts';

const path = fileURLToPath(new URL('./model.yaml', import.meta.url));

async function rental(): Promise<Model> {
  const loaded = await loadModel(path);
  if (!loaded.ok) throw new Error(formatModelProblems(loaded.error));
  return loaded.value;
}

/** Every act by hand: the links admit children, the wait links hold acts, cardinalities hold. */
const byHand = `
name: rental process model by hand
given: { ledgers: { fleet: { B: 1 } } }
steps:
  - { tx: r1, kind: TK01, by: CA01, act: request, expect: requested }
  - { tx: r1, by: A01, act: promise, expect: promised }
  - { tx: p1, kind: TK02, parent: r1, by: A01, act: request, payload: { rental: r1, amount: 26700, currency: EUR }, expect: requested }
  - { tx: d1, kind: TK04, parent: r1, by: A01, act: request, payload: { rental: r1, branch: UTR, dueAt: '2030-06-13T09:00:00Z' }, expect: ResponseNotDue }
  - { tx: p1, by: CA01, act: promise, expect: promised }
  - { tx: p1, by: CA01, act: execute, payload: { method: card, paidAt: '2026-01-05T09:10:00Z' }, expect: executed }
  - { tx: p1, by: CA01, act: declare, expect: declared }
  - { tx: p1, by: A01, act: accept, expect: accepted }
  - { tx: u1, kind: TK03, parent: r1, by: A01, act: request, addressee: dirk, payload: { rental: r1, branch: AMS, carGroup: B, from: '2030-06-10T09:00:00Z' }, expect: requested }
  - { tx: d1, kind: TK04, parent: r1, by: A01, act: request, addressee: dirk, payload: { rental: r1, branch: UTR, dueAt: '2030-06-13T09:00:00Z' }, expect: requested }
  - { tx: d1, by: CA02, act: promise, expect: promised }
  - { tx: d1, by: CA02, act: execute, payload: { branch: UTR, droppedOffAt: '2030-06-13T08:40:00Z', mileage: 42730 }, expect: AwaitingFact }
  - { tx: f1, kind: TK05, parent: r1, by: A01, act: request, payload: { rental: r1, amount: 8900, currency: EUR, reason: late }, expect: requested }
  - { tx: f2, kind: TK05, parent: r1, by: A01, act: request, payload: { rental: r1, amount: 8900, currency: EUR, reason: late }, expect: CardinalityExceeded }
  - { tx: u1, by: CA02, act: promise, expect: promised }
  - { tx: u1, by: CA02, act: execute, payload: { car: XK-123-B, pickedUpAt: '2030-06-10T09:30:00Z', mileage: 42150 }, expect: executed }
  - { tx: u1, by: CA02, act: declare, expect: declared }
  - { tx: u1, by: A01, act: accept, expect: accepted }
  - { tx: d1, by: CA02, act: execute, payload: { branch: UTR, droppedOffAt: '2030-06-13T08:40:00Z', mileage: 42730 }, expect: executed }
  - { tx: d1, by: CA02, act: declare, expect: declared }
  - { tx: d1, by: A01, act: accept, expect: accepted }
  - { tx: r1, by: A01, act: execute, payload: { completedAt: '2030-06-13T09:00:00Z', rentalAmount: 26700, penaltyAmount: 0, currency: EUR }, expect: AwaitingFact }
  - { tx: f1, by: CA01, act: promise, expect: promised }
  - { tx: f1, by: CA01, act: execute, payload: { method: card, paidAt: '2030-06-13T12:00:00Z' }, expect: executed }
  - { tx: f1, by: CA01, act: declare, expect: declared }
  - { tx: f1, by: A01, act: accept, expect: accepted }
  - { tx: r1, by: A01, act: execute, payload: { completedAt: '2030-06-13T09:00:00Z', rentalAmount: 26700, penaltyAmount: 8900, currency: EUR }, expect: executed }
  - { tx: r1, by: A01, act: declare, expect: declared }
  - { tx: r1, by: CA01, act: accept, expect: accepted }
`;

describe('the Rent-A-Car example', () => {
  it('has the five kinds of the case between the renter, the driver and the rental completer', async () => {
    const model = await rental();
    const parties = Object.keys(model.transactionKinds).map((id) => {
      const spec = kindSpecOf(model, id);
      return `${id} ${model.transactionKinds[id]?.label ?? ''}: ${spec?.initiator.role ?? ''} → ${spec?.executor.role ?? ''}`;
    });
    expect(parties).toEqual([
      'TK01 rental contracting: CA01 → A01',
      'TK02 rental payment: A01 → CA01',
      'TK03 car pick-up: A01 → CA02',
      'TK04 car drop-off: A01 → CA02',
      'TK05 penalty payment: A01 → CA01',
    ]);
    expect(kindSpecOf(model, 'TK03')?.executor.personal).toBe(true); // each driver drives for itself
    expect(rootKindsOf(model)).toEqual(['TK01']);
  });

  it('has examples its schemas accept, and schemas that refuse wrong money, dates and cars', async () => {
    const model = await rental();
    const compiled = compilePayloadSchemas(model);
    for (const [id, kind] of Object.entries(model.transactionKinds))
      expect(validatePayload(compiled, id, 'request', kind.example), id).toEqual([]);
    const wrong = { ...(model.transactionKinds.TK01?.example as object), startDate: 'tomorrow' };
    expect(validatePayload(compiled, 'TK01', 'request', wrong).map((i) => i.path)).toEqual([
      'startDate',
    ]);
    const oneWay = { ...(model.transactionKinds.TK01?.example as object), dropOffBranch: 'XXX' };
    expect(validatePayload(compiled, 'TK01', 'request', oneWay).map((i) => i.path)).toEqual([
      'dropOffBranch',
    ]);
    expect(
      validatePayload(compiled, 'TK02', 'request', {
        rental: 'r1',
        amount: 1.5,
        currency: 'EUR',
      }).map((i) => i.path),
    ).toEqual(['amount']);
    expect(
      validatePayload(compiled, 'TK03', 'execute', {
        car: 'not a plate',
        pickedUpAt: '2030-06-10T09:20:00Z',
        mileage: 1,
      }).map((i) => i.path),
    ).toEqual(['car']);
  });

  it('runs its Process Model by hand: links, cardinalities and wait links hold', async () => {
    const model = await rental();
    const checked = checkScenario(model, parse(byHand));
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    let time = Date.parse('2026-01-05T09:00:00.000Z');
    const target = engineScenarioTarget(model, {
      rules: false,
      clock: () => new Date((time += 60_000)),
    });
    const results: StepResult[] = [];
    for await (const result of runScenario(model, checked.value, target)) results.push(result);
    expect(results.filter((r) => !r.met).map((r) => r.report)).toEqual([]);
    const refusals = results.filter((r) => r.report.outcome === 'refused');
    expect(
      refusals.map((r) => `${r.report.tx} ${r.report.act}: ${r.report.refusal?.code ?? ''}`),
    ).toEqual([
      'd1 request: ResponseNotDue',
      'd1 execute: AwaitingFact',
      'f2 request: CardinalityExceeded',
      'r1 execute: AwaitingFact',
    ]);
    expect(results.at(-1)?.report.status).toBe('accepted');
  });
});
