/**
 * Who is acting: a bearer token (a JWT signed with HS256 and a shared secret, or with a private key
 * whose public key is configured) names the actor (`sub`) and the roles it fills (`roles`). The
 * caller's view of the data follows from its roles: an actor that fills only personal roles (a
 * customer) sees only what it owns.
 */
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isPersonalRole } from '../model/kind-spec.ts';
import type { Model } from '../model/model.ts';
import { fail } from './problem.ts';

/** How tokens are checked and, in demo mode, issued. */
export interface AuthOptions {
  /** `demo` issues tokens for the model's demo actors; `jwt` only verifies tokens issued elsewhere. */
  readonly mode: 'demo' | 'jwt';
  /** HS256 secret (at least 32 bytes); in demo mode a random one is used when absent. */
  readonly secret?: Uint8Array | string;
  /** PEM public key (SPKI) for RS256/PS256/ES256/EdDSA tokens. */
  readonly publicKey?: string;
  /** Required `iss` of tokens, and the issuer of demo tokens. */
  readonly issuer?: string;
  /** Lifetime of demo tokens in seconds (default 8 hours). */
  readonly tokenTtlSeconds?: number;
}

/** The authenticated caller: the actor, the model's roles its token lists, and whether its reads are limited to what it owns. */
export interface Caller {
  readonly actor: string;
  readonly roles: readonly string[];
  /** True when every role is personal: the caller sees only rows it owns. */
  readonly restricted: boolean;
}

/** Verifies tokens and issues demo tokens. */
export interface Authenticator {
  readonly mode: 'demo' | 'jwt';
  /** The caller named by an `Authorization` header (or token), or a 401 problem thrown. */
  authenticate(token: string | undefined): Promise<Caller>;
  /** Signs a token for an actor and roles (demo mode only). */
  issue(actor: string, roles: readonly string[]): Promise<{ token: string; expiresAt: string }>;
}

const actorPattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
/** Seconds of clock skew allowed on `exp` and `nbf`. */
const clockTolerance = 5;
/** Verified tokens remembered at most, the oldest forgotten first. */
const maxVerified = 10_000;
const challenge = { 'www-authenticate': 'Bearer realm="factum"' };
const invalidChallenge = {
  'www-authenticate': 'Bearer realm="factum", error="invalid_token"',
};

/** Whether a caller with these roles sees only what it owns (pure). */
export function isRestricted(model: Model, roles: readonly string[]): boolean {
  return roles.every((role) => isPersonalRole(model.actorRoles[role]));
}

/** Whether a caller may see a row or transaction owned by `owner` (pure). */
export function canSee(caller: Caller, owner: string | null | undefined): boolean {
  return !caller.restricted || (owner !== null && owner !== undefined && owner === caller.actor);
}

function secretBytes(secret: Uint8Array | string): Uint8Array {
  return typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
}

/** Takes the token out of `Bearer <token>`; undefined when absent (pure). */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (match === null)
    fail(
      401,
      'InvalidToken',
      'The Authorization header must be `Bearer <token>`.',
      {},
      invalidChallenge,
    );
  return match[1];
}

/** Creates the authenticator for a model; throws for a configuration that cannot work. */
export function createAuthenticator(model: Model, options: AuthOptions): Authenticator {
  const ttl = options.tokenTtlSeconds ?? 8 * 60 * 60;
  let key: Uint8Array | KeyObject;
  let algorithms: string[];
  if (options.publicKey !== undefined) {
    if (options.mode === 'demo')
      throw new Error('Demo mode signs its own tokens: give a secret, not a public key.');
    key = createPublicKey(options.publicKey);
    algorithms = [
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
      'ES256',
      'ES384',
      'ES512',
      'EdDSA',
    ];
  } else if (options.secret !== undefined) {
    key = secretBytes(options.secret);
    if (key.length < 32) throw new Error('The token secret must be at least 32 bytes.');
    algorithms = ['HS256'];
  } else if (options.mode === 'demo') {
    key = randomBytes(32);
    algorithms = ['HS256'];
  } else {
    throw new Error('JWT mode needs a token secret or a public key.');
  }
  const signingKey = key;
  // A token's signature and claims are checked once; until it expires, the same token string (its
  // signature included) names the same caller. An expired one falls through to jose, which refuses it.
  const verified = new Map<string, { readonly caller: Caller; readonly exp: number }>();
  const remember = (token: string, caller: Caller, exp: number): void => {
    if (verified.size >= maxVerified) {
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(token, { caller, exp });
  };
  return {
    mode: options.mode,
    async authenticate(token) {
      if (token === undefined) {
        fail(
          401,
          'Unauthenticated',
          'Send a bearer token: `Authorization: Bearer <token>`.',
          {},
          challenge,
        );
      }
      const known = verified.get(token);
      if (known !== undefined) {
        if (known.exp > Math.floor(Date.now() / 1000) - clockTolerance) return known.caller;
        verified.delete(token);
      }
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, signingKey, {
          algorithms,
          clockTolerance,
          requiredClaims: ['sub', 'exp'],
          ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        }));
      } catch (error) {
        const expired = error instanceof joseErrors.JWTExpired;
        fail(
          401,
          expired ? 'TokenExpired' : 'InvalidToken',
          expired ? 'The token has expired.' : 'The token is not valid.',
          {},
          invalidChallenge,
        );
      }
      const actor = payload['sub'];
      const claimed = payload['roles'];
      if (typeof actor !== 'string' || !actorPattern.test(actor)) {
        fail(401, 'InvalidToken', 'The token names no valid actor (`sub`).', {}, invalidChallenge);
      }
      const roles = (Array.isArray(claimed) ? claimed : [])
        .filter((role): role is string => typeof role === 'string')
        .filter((role) => Object.hasOwn(model.actorRoles, role));
      const caller: Caller = Object.freeze({
        actor,
        roles: Object.freeze([...new Set(roles)]),
        restricted: isRestricted(model, roles),
      });
      // jose required a numeric `exp` (requiredClaims).
      remember(token, caller, payload['exp'] as number);
      return caller;
    },
    async issue(actor, roles) {
      if (options.mode !== 'demo' || !(signingKey instanceof Uint8Array)) {
        throw new Error('Only demo mode issues tokens.');
      }
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ roles: [...roles] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(actor)
        .setIssuedAt(now)
        .setExpirationTime(now + ttl);
      if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
      const token = await jwt.sign(signingKey);
      return { token, expiresAt: new Date((now + ttl) * 1000).toISOString() };
    },
  };
}
