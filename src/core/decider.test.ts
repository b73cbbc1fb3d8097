import { describe, expect, it } from 'vitest';
import { isTerminal, transactionDecider } from './decider.ts';
import { statuses } from '../protocol/pattern.ts';
import { initialTransactionState } from './transaction-state.ts';
import {
  command,
  docTerminal,
  given,
  orderKind,
  pathTo,
  step,
} from './pattern.fixtures.test-support.ts';

describe('transactionDecider', () => {
  const order = transactionDecider(orderKind);

  it('starts from the initial state', () => {
    expect(order.initialState).toBe(initialTransactionState);
    expect(order.initialState.status).toBe('initial');
  });

  it('decides and evolves with the kind it was built for', () => {
    const result = order.decide(order.initialState, command(orderKind, step('request', 'I')));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value[0]!.type).toBe('OrderRequested');
    const state = result.value.reduce((s, f) => order.evolve(s, f), order.initialState);
    expect(state).toMatchObject({ status: 'requested', kind: 'TK01', version: 1 });
    const refused = order.decide(state, command(orderKind, step('request', 'I')));
    expect(refused).toMatchObject({ ok: false, error: { code: 'ActNotAllowed' } });
  });

  it.each(statuses.map((s) => [s]))('isTerminal in %s follows the docs', (status) => {
    const state = given(orderKind, pathTo[status]).state;
    expect(isTerminal(state)).toBe(docTerminal.includes(status));
    expect(order.isTerminal(state)).toBe(docTerminal.includes(status));
  });
});
