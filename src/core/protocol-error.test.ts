import { describe, expect, it } from 'vitest';
import type { Act, RevocableAct } from './acts.ts';
import { describeAct, describeAllowed, type AllowedAct } from './protocol-error.ts';

describe('describeAct', () => {
  it.each<{ act: Act; revokes?: RevocableAct; text: string }>([
    { act: 'promise', text: 'promise' },
    { act: 'revoke', revokes: 'promise', text: 'revoke promise' },
    { act: 'allow', revokes: 'request', text: 'allow (revoke request)' },
    { act: 'refuse', revokes: 'accept', text: 'refuse (revoke accept)' },
  ])('names $act as $text', ({ act, revokes, text }) => {
    expect(describeAct(act, revokes)).toBe(text);
  });
});

describe('describeAllowed', () => {
  it.each<readonly [string, readonly AllowedAct[], string]>([
    ['says none for an empty list', [], 'none'],
    [
      'lists each act with its party and role',
      [
        { act: 'promise', party: 'executor', role: 'A01' },
        { act: 'revoke', revokes: 'request', party: 'initiator', role: 'CA01' },
      ],
      'promise (executor A01), revoke request (initiator CA01)',
    ],
  ])('%s', (_story, allowed, text) => {
    expect(describeAllowed(allowed)).toBe(text);
  });
});
