/**
 * The one mapper at the HTTP edge: protocol refusals (tier 2), store failures (tier 3) and the
 * framework's own errors (bad JSON, too large, failed validation) become `application/problem+json`
 * (RFC 9457) with a stable `code`. Nothing internal leaks: an unexpected error is a bare 500.
 */
import type { JsonObject, ProtocolError } from '../core/index.ts';
import { describeAllowed } from '../core/index.ts';
import {
  ConcurrencyError,
  DuplicateEventError,
  InvalidAppendError,
  StoreUnavailableError,
} from '../engine/ports/store-errors.ts';
import type { Problem } from '../protocol/index.ts';

/** The media type of every error response. */
export const problemContentType = 'application/problem+json; charset=utf-8';

export type { Problem };

/** A problem to send, with response headers it needs (`Retry-After`, `WWW-Authenticate`). */
export interface ProblemResponse {
  readonly problem: Problem;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Thrown by route handlers to answer with a problem; the error handler sends it as is. */
export class HttpProblem extends Error {
  constructor(
    readonly response: ProblemResponse,
    options?: ErrorOptions,
  ) {
    super(response.problem.detail, options);
    this.name = 'HttpProblem';
  }
}

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function kebab(code: string): string {
  return code.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Builds a problem for a status and code, with optional extension members (pure). */
export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: JsonObject = {},
): Problem {
  return {
    type: `urn:factum:problem:${kebab(code)}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...extensions,
  };
}

/** Shorthand for throwing a problem from a handler. */
export function fail(
  status: number,
  code: string,
  detail: string,
  extensions: JsonObject = {},
  headers?: Readonly<Record<string, string>>,
): never {
  throw new HttpProblem({
    problem: problem(status, code, detail, extensions),
    ...(headers === undefined ? {} : { headers }),
  });
}

/** The HTTP status of each protocol refusal (pure, exhaustive over the closed union). */
export function statusOfRefusal(error: ProtocolError): number {
  switch (error.code) {
    case 'MalformedAct':
    case 'UnknownKind':
    case 'UnknownRole':
    case 'MissingAddressee':
    case 'InvalidPayload':
      return 400;
    case 'WrongRole':
    case 'WrongActor':
      return 403;
    case 'UnknownTransaction':
      return 404;
    case 'ActNotAllowed':
    case 'RevocationPending':
    case 'TerminalStatus':
    case 'ResponseNotDue':
    case 'CardinalityExceeded':
      return 409;
    case 'AwaitingFact':
    case 'RuleRefused':
    case 'NoResponseLink':
    case 'ParentRequired':
      return 422;
  }
}

/** Turns a protocol refusal into its problem, keeping the members a client acts on (pure). */
export function refusalProblem(error: ProtocolError): Problem {
  return problem(statusOfRefusal(error), error.code, error.message, refusalMembers(error));
}

/** The members of a refusal's problem a client acts on, by refusal (pure, exhaustive). */
function refusalMembers(error: ProtocolError): JsonObject {
  switch (error.code) {
    case 'ActNotAllowed':
      return {
        act: error.act,
        ...(error.revokes === undefined ? {} : { revokes: error.revokes }),
        transactionStatus: error.status,
        allowed: error.allowed.map((a) => ({
          act: a.act,
          ...(a.revokes === undefined ? {} : { revokes: a.revokes }),
          party: a.party,
          role: a.role,
        })),
        allowedText: describeAllowed(error.allowed),
      };
    case 'WrongRole':
      return { act: error.act, role: error.role, expected: [...error.expected] };
    case 'WrongActor':
      return { act: error.act, party: error.party };
    case 'UnknownTransaction':
      return { transactionId: error.transactionId };
    case 'UnknownKind':
      return { kind: error.kind };
    case 'UnknownRole':
      return { role: error.role };
    case 'RevocationPending':
      return { act: error.act, pending: { ...error.pending } };
    case 'TerminalStatus':
      return { act: error.act, transactionStatus: error.status, allowed: [] };
    case 'MalformedAct':
      return { act: error.act };
    case 'MissingAddressee':
      return { role: error.role };
    case 'InvalidPayload':
      return { issues: error.issues.map((i) => ({ path: i.path, message: i.message })) };
    case 'AwaitingFact':
      return { act: error.act, awaiting: { ...error.awaiting } };
    case 'NoResponseLink':
      return { kind: error.kind, parentKind: error.parentKind, parent: error.parent };
    case 'ResponseNotDue':
      return {
        kind: error.kind,
        parent: error.parent,
        links: error.links.map((l) => ({
          from: { ...l.from },
          ...(l.cardinality === undefined ? {} : { cardinality: l.cardinality }),
        })),
      };
    case 'CardinalityExceeded':
      return {
        kind: error.kind,
        parent: error.parent,
        cardinality: error.cardinality,
        started: error.started,
      };
    case 'ParentRequired':
      return { kind: error.kind, parentKinds: [...error.parentKinds] };
    case 'RuleRefused':
      return {
        rule: error.rule,
        ...(error.details === undefined ? {} : { details: error.details }),
      };
  }
}

interface FrameworkError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly validation?: unknown;
  readonly validationContext?: unknown;
}

interface ValidationItem {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

function validationIssues(error: FrameworkError): { path: string; message: string }[] {
  const items = Array.isArray(error.validation) ? (error.validation as ValidationItem[]) : [];
  const part = typeof error.validationContext === 'string' ? error.validationContext : 'body';
  return items.slice(0, 20).map((item) => {
    const path = (item.instancePath ?? '').split('/').filter(Boolean).join('.');
    const extra = item.params?.['additionalProperty'];
    return {
      path: [part, path, typeof extra === 'string' ? extra : ''].filter(Boolean).join('.'),
      message:
        typeof extra === 'string' ? `unknown property '${extra}'` : (item.message ?? 'invalid'),
    };
  });
}

/**
 * Maps anything a handler or the framework threw to a problem (pure): HttpProblem as is, store
 * errors by type, Fastify's errors by code and status; anything else is an opaque 500.
 */
export function toProblem(
  error: unknown,
  context: { readonly ifMatch?: boolean } = {},
): ProblemResponse {
  if (error instanceof HttpProblem) return error.response;
  if (error instanceof ConcurrencyError) {
    const status = context.ifMatch === true ? 412 : 409;
    return {
      problem: problem(
        status,
        'VersionConflict',
        `Transaction '${error.streamId}' is at version ${String(error.actual)}, not ${String(error.expected)}: read it again and decide anew.`,
        {
          transactionId: error.streamId,
          expectedVersion: typeof error.expected === 'number' ? error.expected : error.expected,
          currentVersion: error.actual === 'no_stream' ? 0 : error.actual,
        },
      ),
    };
  }
  if (error instanceof StoreUnavailableError) {
    return {
      problem: problem(
        503,
        'StoreUnavailable',
        'The event store is unavailable; try again shortly.',
      ),
      headers: { 'retry-after': '5' },
    };
  }
  if (error instanceof DuplicateEventError) {
    return {
      problem: problem(409, 'DuplicateAct', `The act id '${error.eventId}' was already used.`),
    };
  }
  if (error instanceof InvalidAppendError) {
    return { problem: problem(400, 'InvalidRequest', error.message) };
  }
  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  const code = typeof framework.code === 'string' ? framework.code : '';
  const statusCode = typeof framework.statusCode === 'number' ? framework.statusCode : 500;
  if (framework.validation !== undefined) {
    const issues = validationIssues(framework);
    return {
      problem: problem(
        400,
        'InvalidRequest',
        `The request is invalid: ${issues.map((i) => `${i.path || '(request)'}: ${i.message}`).join('; ')}`,
        { issues: issues.map((i) => ({ ...i })) },
      ),
    };
  }
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { problem: problem(413, 'BodyTooLarge', 'The request body is larger than allowed.') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        problem: problem(415, 'UnsupportedMediaType', 'Send the body as application/json.'),
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { problem: problem(400, 'MalformedJson', 'The JSON body is empty.') };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        problem: problem(400, 'InvalidRequest', 'The Content-Length does not match the body.'),
      };
    default:
      break;
  }
  if (statusCode >= 400 && statusCode < 500) {
    // A client error of the framework (bad JSON, bad URL, aborted body): its message is about the
    // request itself, but keep it short and single-line.
    const detail =
      typeof framework.message === 'string'
        ? (framework.message.split('\n')[0]?.slice(0, 200) ?? 'Bad request.')
        : 'Bad request.';
    const mapped =
      error instanceof SyntaxError || code === 'FST_ERR_BAD_JSON'
        ? 'MalformedJson'
        : 'InvalidRequest';
    return { problem: problem(statusCode, mapped, detail) };
  }
  if (error instanceof SyntaxError) {
    return { problem: problem(400, 'MalformedJson', 'The body is not valid JSON.') };
  }
  return {
    problem: problem(500, 'InternalError', 'Something went wrong on our side; it has been logged.'),
  };
}
