import { describe, expect, it } from 'vitest';
import { errorData, storeErrorFrom } from './store-error-data.ts';
import {
  ConcurrencyError,
  DuplicateEventError,
  InvalidAppendError,
  StoreUnavailableError,
} from './store-errors.ts';

/** Sends an error through structured clone, as a message to another thread would. */
const acrossThreads = (error: unknown): Error => storeErrorFrom(structuredClone(errorData(error)));

describe('store errors across a thread', () => {
  it.each([
    new ConcurrencyError('order-1', 3, 5),
    new ConcurrencyError('order-2', 'no_stream', 1),
    new DuplicateEventError('act-1'),
    new StoreUnavailableError('The database is down.'),
    new InvalidAppendError('An append needs at least one event.'),
  ])('comes back as its class with its fields: $name', (error) => {
    const back = acrossThreads(error);
    expect(back).toBeInstanceOf(error.constructor);
    expect({ ...errorData(back) }).toEqual(errorData(error));
  });

  it('keeps the name, message and code of any other error', () => {
    const other = Object.assign(new TypeError('bad'), { code: 'ERR_X' });
    const back = acrossThreads(other);
    expect(back).toMatchObject({ name: 'TypeError', message: 'bad', code: 'ERR_X' });
    expect(acrossThreads('a string')).toMatchObject({ name: 'Error', message: 'a string' });
  });
});
