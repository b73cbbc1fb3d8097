import { afterEach, describe, expect, it, vi } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { createAuthenticator } from './auth.ts';

const secret = 'a-test-secret-of-at-least-32-bytes!';

afterEach(() => {
  vi.useRealTimers();
});

describe('createAuthenticator: verified tokens', () => {
  it('remembers a verified token only until it expires, then refuses it as expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-03-02T10:00:00Z') });
    const auth = createAuthenticator(shopModel, { mode: 'demo', secret, tokenTtlSeconds: 60 });
    const { token } = await auth.issue('alice', ['CA01']);
    const caller = { actor: 'alice', roles: ['CA01'], restricted: true };
    expect(await auth.authenticate(token)).toEqual(caller);
    vi.setSystemTime(Date.parse('2026-03-02T10:01:00Z'));
    // Within the five seconds of clock skew allowed past `exp`.
    expect(await auth.authenticate(token)).toEqual(caller);
    vi.setSystemTime(Date.parse('2026-03-02T10:01:06Z'));
    await expect(auth.authenticate(token)).rejects.toMatchObject({
      response: { problem: { status: 401, code: 'TokenExpired' } },
    });
  });

  it('refuses a tampered copy of a token it has verified', async () => {
    const auth = createAuthenticator(shopModel, { mode: 'demo', secret });
    const { token } = await auth.issue('alice', ['CA01']);
    await auth.authenticate(token);
    const [header, , signature] = token.split('.') as [string, string, string];
    const claims = Buffer.from(JSON.stringify({ sub: 'mallory', roles: ['A01'], exp: 4e9 }));
    const forged = `${header}.${claims.toString('base64url')}.${signature}`;
    await expect(auth.authenticate(forged)).rejects.toMatchObject({
      response: { problem: { status: 401, code: 'InvalidToken' } },
    });
    expect(await auth.authenticate(token)).toMatchObject({ actor: 'alice' });
  });

  it('hands out a caller no route can alter for the next request', async () => {
    const auth = createAuthenticator(shopModel, { mode: 'demo', secret });
    const { token } = await auth.issue('alice', ['CA01']);
    const first = await auth.authenticate(token);
    expect(() => (first.roles as string[]).push('A01')).toThrow(TypeError);
    expect((await auth.authenticate(token)).roles).toEqual(['CA01']);
  });
});
