/** The dashboard's HTTP client: JSON in and out, the session's bearer token, problems as errors. */
import type { Problem } from '../../protocol/index.ts';

/** A problem+json answer (or a network failure) as a thrown error. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
}

/** The problem of an answer that brought none: its status line (pure). */
function statusProblem(response: Response): Problem {
  return {
    type: 'about:blank',
    title: response.statusText,
    status: response.status,
    code: 'HttpError',
    detail: response.statusText,
  };
}

let bearer: string | undefined;

/** Sets the token every later call sends (impure). */
export function setToken(token: string | undefined): void {
  bearer = token;
}

/** Calls the API and returns the parsed JSON, or throws an ApiError (impure). */
export async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (bearer !== undefined) headers['authorization'] = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'NetworkError',
      detail: 'The server cannot be reached.',
    });
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    throw new ApiError(
      typeof parsed === 'object' && parsed !== null ? (parsed as Problem) : statusProblem(response),
    );
  }
  return parsed as T;
}

/** GETs a path as text, e.g. a CSV download (impure). */
export async function getText(path: string): Promise<string> {
  const headers: Record<string, string> = {};
  if (bearer !== undefined) headers['authorization'] = `Bearer ${bearer}`;
  const response = await fetch(path, { headers });
  const text = await response.text();
  if (!response.ok) {
    let problem = statusProblem(response);
    try {
      problem = JSON.parse(text) as Problem;
    } catch {
      // not problem+json: keep the status line
    }
    throw new ApiError(problem);
  }
  return text;
}

/** GETs a path (impure). */
export function get<T>(path: string): Promise<T> {
  return call<T>('GET', path);
}

/** POSTs a JSON body (impure). */
export function post<T>(path: string, body?: unknown): Promise<T> {
  return call<T>('POST', path, body ?? {});
}

/** A fresh idempotency key: one per attempt the user makes, kept across retries of it (impure). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * Performs an act (starts a transaction or acts on one) with an `Idempotency-Key`, so that a retry
 * after a lost answer returns the original outcome instead of acting twice (impure).
 */
export function perform<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
  return call<T>('POST', path, body, { 'idempotency-key': idempotencyKey });
}

/** A one-line description of an error for the screen (pure). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = (error.problem.issues ?? [])
      .map((issue) => `${issue.path === '' ? '(payload)' : issue.path}: ${issue.message}`)
      .join('; ');
    return issues === '' ? error.message : `${error.message} ${issues}`;
  }
  return error instanceof Error ? error.message : String(error);
}
