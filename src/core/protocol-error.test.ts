import { describe, expect, it } from 'vitest';
import { describeAct, describeAllowed } from './protocol-error.ts';

describe('describeAct', () => {
  it('names plain acts, revocations and their answers', () => {
    expect(describeAct('promise')).toBe('promise');
    expect(describeAct('revoke', 'promise')).toBe('revoke promise');
    expect(describeAct('allow', 'request')).toBe('allow (revoke request)');
    expect(describeAct('refuse', 'accept')).toBe('refuse (revoke accept)');
  });
});

describe('describeAllowed', () => {
  it('says none for an empty list', () => {
    expect(describeAllowed([])).toBe('none');
  });

  it('lists each act with its party and role', () => {
    expect(
      describeAllowed([
        { act: 'promise', party: 'executor', role: 'A01' },
        { act: 'revoke', revokes: 'request', party: 'initiator', role: 'CA01' },
      ]),
    ).toBe('promise (executor A01), revoke request (initiator CA01)');
  });
});
