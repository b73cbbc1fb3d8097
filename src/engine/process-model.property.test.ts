/**
 * Property: random act sequences over a model with response links, wait links and a product schema
 * never break one. After every step the log is checked by the model's rules written out here, not by
 * the engine's own plan: no child without a due response link, no more live children than a '1' or
 * '0..1' link admits, no act a wait link holds back, no execute without its product data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allActs,
  allowedActs,
  isInForce,
  type Fact,
  type TransactionState,
} from '../core/index.ts';
import { kindSpecOf } from '../model/kind-spec.ts';
import { memoryEventStore } from '../stores/memory/index.ts';
import { createEngine, type Engine } from './engine.ts';
import type { PerformInput } from './perform-input.ts';
import { processModel } from './process-model.test-support.ts';

const actors: Readonly<Record<string, readonly string[]>> = {
  CA01: ['alice', 'bob'],
  A01: ['sue'],
  A02: ['pat'],
};

const acts = allActs.filter((act) => act !== 'request');

/** One step, read against the transactions that exist when it is taken. */
interface Step {
  readonly start: 'TK01' | 'TK05' | 'TK02' | 'TK03' | 'TK04' | 'advance' | 'child' | undefined;
  readonly target: number;
  readonly act: (typeof acts)[number];
  readonly revokes: 'request' | 'promise' | 'declare' | 'accept';
  readonly asExecutor: boolean;
  readonly otherActor: boolean;
  readonly product: boolean;
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  start: fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 12, arbitrary: fc.constant('advance' as const) },
    { weight: 3, arbitrary: fc.constant('child' as const) },
    { weight: 2, arbitrary: fc.constantFrom('TK01', 'TK05', 'TK02', 'TK03', 'TK04') },
  ),
  target: fc.nat(40),
  act: fc.constantFrom(...acts),
  revokes: fc.constantFrom('request', 'promise', 'declare', 'accept'),
  asExecutor: fc.boolean(),
  otherActor: fc.boolean(),
  product: fc.boolean(),
});

function inputFor(step: Step, ids: readonly string[]): PerformInput | undefined {
  // Mostly the latest few transactions, so runs go deep into one tree rather than wide.
  const recent = step.target % 3 === 0 ? ids.length : Math.min(ids.length, 4);
  const target = ids.length === 0 ? undefined : ids[ids.length - 1 - (step.target % recent)];
  if (step.start === 'TK01' || target === undefined) {
    return { kind: 'TK01', act: 'request', performer: { actor: 'alice', role: 'CA01' } };
  }
  if (step.start === 'TK05') {
    return {
      kind: 'TK05',
      act: 'request',
      performer: { actor: step.otherActor ? 'bob' : 'alice', role: 'CA01' },
      payload: { sale: target },
    };
  }
  const kinds = processModel.transactionKinds;
  if (step.start === 'advance') {
    return { transactionId: target, act: 'advance', performer: { actor: '', role: '' } };
  }
  if (step.start === 'child') {
    return { kind: 'child', act: 'request', parent: target, performer: { actor: '', role: '' } };
  }
  if (step.start !== undefined) {
    const role = kinds[step.start].initiator;
    return {
      kind: step.start,
      act: 'request',
      performer: { actor: actors[role]?.[0] ?? '', role },
      parent: target,
    };
  }
  return { transactionId: target, act: step.act, performer: { actor: '', role: '' } };
}

/** Fills in who performs an act on an existing transaction: its initiator or executor. */
function withPerformer(input: PerformInput, step: Step, state: TransactionState): PerformInput {
  if (input.kind === 'child' && state.kind !== null) {
    // A kind that may follow under this parent by the model's links (not always due yet).
    const next: Record<string, readonly string[]> = {
      TK01: ['TK02', 'TK03'],
      TK02: ['TK03', 'TK03'],
      TK03: ['TK04', 'TK04'],
    };
    const kind = next[state.kind]?.[step.asExecutor ? 1 : 0] ?? 'TK02';
    const role = processModel.transactionKinds[kind as 'TK02'].initiator;
    return { ...input, kind, performer: { actor: actors[role]?.[0] ?? '', role } };
  }
  if (input.transactionId === undefined || state.kind === null) return input;
  if (input.act === 'advance') {
    // One of the acts the pattern allows now, by its party: runs reach deep into the trees.
    const spec = kindSpecOf(processModel, state.kind);
    const all = spec === undefined ? [] : allowedActs(spec, state);
    // Revocations now and then: offered every time, they would crowd out the way forward.
    const forward = ['promise', 'execute', 'declare', 'accept', 'allow', 'refuse'];
    const options =
      step.otherActor && step.asExecutor
        ? all
        : step.otherActor
          ? all.filter((a) => a.act !== 'revoke')
          : all.filter((a) => forward.includes(a.act));
    const chosen = options[step.target % Math.max(options.length, 1)];
    if (chosen === undefined) return input;
    const binding = chosen.party === 'executor' ? state.executor : state.initiator;
    return {
      transactionId: input.transactionId,
      act: chosen.act,
      ...(chosen.revokes === undefined ? {} : { revokes: chosen.revokes }),
      performer: { actor: binding?.actor ?? actors[chosen.role]?.[0] ?? '', role: chosen.role },
      ...(chosen.act === 'execute' && step.product ? { payload: { receipt: 'R-1' } } : {}),
    };
  }
  const party = step.asExecutor ? state.executor : state.initiator;
  const role = party?.role ?? '';
  const actor = step.otherActor
    ? (actors[role]?.at(-1) ?? '')
    : (party?.actor ?? actors[role]?.[0] ?? '');
  return {
    ...input,
    performer: { actor, role },
    ...(['revoke', 'allow', 'refuse'].includes(input.act) ? { revokes: step.revokes } : {}),
    ...(input.act === 'execute' && step.product ? { payload: { receipt: 'R-1' } } : {}),
  };
}

const live = (s: TransactionState): boolean =>
  s.status !== 'quitted' && s.status !== 'stopped' && s.status !== 'revoked';

/** The wait links: an execution of the kind (and act) waits for its children of this kind accepted. */
const awaitedChildren: ReadonlyMap<string, string> = new Map([
  ['TK01/execute', 'TK03'],
  ['TK04/execute', 'TK02'],
]);

/** The transactions of a tree, from its root down. */
async function treeOf(engine: Engine, rootId: string): Promise<TransactionState[]> {
  const root = await engine.reader.transaction(rootId);
  if (root === undefined) return [];
  const found = [root];
  for (let i = 0; i < found.length; i += 1) {
    found.push(...(await engine.reader.children(found[i]?.id ?? '')));
  }
  return found;
}

/** Checks that the fact just appended broke no link, reading the log as it is now. */
async function checkFact(engine: Engine, fact: Fact): Promise<void> {
  const state = await engine.reader.transaction(fact.transactionId);
  if (state === undefined) throw new Error('appended fact without a transaction');
  const parentId = state.parent?.transactionId;
  const parent = parentId === undefined ? undefined : await engine.reader.transaction(parentId);
  const siblings = parentId === undefined ? [] : await engine.reader.children(parentId);
  const root = state.correlationId ?? fact.transactionId;
  const tree = await treeOf(engine, root);
  if (fact.act === 'request' && fact.parent !== undefined && parent !== undefined) {
    // Response links: a payment under a promised sale, a packing under an accepted payment or
    // beside it under the sale (both are the seller's steps), a check under a promised packing.
    const due: Record<string, () => boolean> = {
      TK02: () => parent.kind === 'TK01' && isInForce(parent.status, 'promised'),
      TK03: () =>
        (parent.kind === 'TK02' && isInForce(parent.status, 'accepted')) ||
        (parent.kind === 'TK01' &&
          siblings.some((s) => s.kind === 'TK02' && isInForce(s.status, 'accepted'))),
      TK04: () => parent.kind === 'TK03' && isInForce(parent.status, 'promised'),
    };
    expect(due[fact.kind]?.() ?? false).toBe(true);
  }
  for (const node of tree) {
    const children = await engine.reader.children(node.id ?? '');
    expect(children.filter((c) => c.kind === 'TK02' && live(c)).length).toBeLessThanOrEqual(1);
    expect(children.filter((c) => c.kind === 'TK03' && live(c)).length).toBeLessThanOrEqual(1);
    expect(children.every((c) => ['TK02', 'TK03', 'TK04'].includes(c.kind ?? ''))).toBe(true);
  }
  // Kinds that links start never stand alone.
  if (state.parent === null) expect(['TK01', 'TK05']).toContain(fact.kind);
  // Wait links, each '1': some awaited transaction in reach, every live one with the fact.
  const holds = (candidates: readonly TransactionState[], done: 'accepted'): boolean => {
    const open = candidates.filter(live);
    return open.length > 0 && open.every((c) => isInForce(c.status, done));
  };
  const awaited = awaitedChildren.get(`${fact.kind}/${fact.act}`);
  if (awaited !== undefined) {
    expect(
      holds(
        tree.filter((t) => t.kind === awaited),
        'accepted',
      ),
    ).toBe(true);
  }
  if (fact.kind === 'TK01' && fact.act === 'execute')
    expect(fact.payload).toEqual({ receipt: 'R-1' });
  if (fact.kind === 'TK05' && fact.act === 'promise') {
    const sale = await engine.reader.transaction((state.terms as { sale: string }).sale);
    expect(sale !== undefined && holds([sale], 'accepted')).toBe(true);
  }
}

describe('property: random acts never break a Process Model link', () => {
  it('keeps response links, cardinality, wait links and product data after every step', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary, { minLength: 60, maxLength: 160 }),
        async (steps) => {
          const engine = createEngine({ model: processModel, store: memoryEventStore() });
          const ids: string[] = [];
          let appended = 0;
          for (const step of steps) {
            const draft = inputFor(step, ids);
            if (draft === undefined) continue;
            const on = draft.transactionId ?? (draft.kind === 'child' ? draft.parent : undefined);
            const state = on === undefined ? undefined : await engine.reader.transaction(on);
            const input = state === undefined ? draft : withPerformer(draft, step, state);
            const result = await engine.perform(input);
            if (!result.ok) continue;
            appended += 1;
            if (!ids.includes(result.value.transactionId)) ids.push(result.value.transactionId);
            for (const fact of result.value.facts) await checkFact(engine, fact);
          }
          expect(appended).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
