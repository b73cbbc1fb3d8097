import { describe, expect, it } from 'vitest';
import type { ProtocolError } from '../core/index.ts';
import { ConcurrencyError, StoreUnavailableError } from '../engine/ports/store-errors.ts';
import { jsonDepth } from './json-body.ts';
import { refusalProblem, statusOfRefusal, toProblem } from './problem.ts';

const refusals: ProtocolError[] = [
  { code: 'UnknownTransaction', message: 'm', transactionId: 't', act: 'promise' },
  { code: 'UnknownKind', message: 'm', kind: 'TK9' },
  { code: 'UnknownRole', message: 'm', role: 'X' },
  {
    code: 'ActNotAllowed',
    message: 'm',
    act: 'accept',
    status: 'promised',
    allowed: [{ act: 'execute', party: 'executor', role: 'A01' }],
  },
  { code: 'WrongRole', message: 'm', act: 'promise', role: 'A02', expected: ['A01'] },
  { code: 'WrongActor', message: 'm', act: 'promise', actor: 'bob', party: 'executor' },
  {
    code: 'RevocationPending',
    message: 'm',
    act: 'promise',
    pending: { revokes: 'request', by: 'initiator', actId: 'a' } as never,
  },
  { code: 'TerminalStatus', message: 'm', act: 'promise', status: 'accepted' },
  { code: 'MalformedAct', message: 'm', act: 'dance' },
  { code: 'MissingAddressee', message: 'm', role: 'CA01' },
  { code: 'InvalidPayload', message: 'm', issues: [{ path: 'a.b', message: 'bad' }] },
  {
    code: 'AwaitingFact',
    message: 'm',
    act: 'execute',
    awaiting: { kind: 'TK02', fact: 'accepted' },
  },
  { code: 'RuleRefused', message: 'm', rule: 'ledger:stock', details: { key: 'X' } },
];

describe('the problem mapper', () => {
  it('gives every refusal a 4xx problem with its code and the members a client acts on', () => {
    const statuses = Object.fromEntries(refusals.map((r) => [r.code, statusOfRefusal(r)]));
    expect(statuses).toEqual({
      UnknownTransaction: 404,
      UnknownKind: 400,
      UnknownRole: 400,
      ActNotAllowed: 409,
      WrongRole: 403,
      WrongActor: 403,
      RevocationPending: 409,
      TerminalStatus: 409,
      MalformedAct: 400,
      MissingAddressee: 400,
      InvalidPayload: 400,
      AwaitingFact: 422,
      RuleRefused: 422,
    });
    for (const refusal of refusals) {
      expect(refusalProblem(refusal)).toMatchObject({
        code: refusal.code,
        status: statusOfRefusal(refusal),
        detail: 'm',
      });
    }
    expect(refusalProblem(refusals[3]!)).toMatchObject({
      allowed: [{ act: 'execute', party: 'executor', role: 'A01' }],
    });
    expect(refusalProblem(refusals[10]!)).toMatchObject({
      issues: [{ path: 'a.b', message: 'bad' }],
    });
    expect(refusalProblem(refusals[11]!)).toMatchObject({
      awaiting: { kind: 'TK02', fact: 'accepted' },
    });
  });

  it('maps store errors by type and hides anything unexpected', () => {
    expect(toProblem(new ConcurrencyError('t', 1, 2), { ifMatch: true }).problem).toMatchObject({
      status: 412,
      currentVersion: 2,
    });
    expect(toProblem(new ConcurrencyError('t', 1, 2)).problem.status).toBe(409);
    const unavailable = toProblem(new StoreUnavailableError('secret host db.internal:5432'));
    expect(unavailable).toMatchObject({
      problem: { status: 503 },
      headers: { 'retry-after': '5' },
    });
    expect(JSON.stringify(unavailable)).not.toContain('db.internal');
    const internal = toProblem(new TypeError('x is undefined at /app/src/thing.ts:12'));
    expect(internal.problem.status).toBe(500);
    expect(JSON.stringify(internal)).not.toContain('thing.ts');
  });

  it('measures nesting without recursing, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
    expect(jsonDepth('['.repeat(100_000))).toBe(100_000);
  });
});
