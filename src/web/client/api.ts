/** The dashboard's HTTP client: JSON in and out, the session's bearer token, problems as errors. */
import type { Problem } from './api-types.ts';

/** A problem+json answer (or a network failure) as a thrown error. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
  }
}

let bearer: string | undefined;

/** Sets the token every later call sends (impure). */
export function setToken(token: string | undefined): void {
  bearer = token;
}

/** Calls the API and returns the parsed JSON, or throws an ApiError (impure). */
export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
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
    const problem =
      typeof parsed === 'object' && parsed !== null
        ? (parsed as Problem)
        : { status: response.status, code: 'HttpError', detail: response.statusText };
    throw new ApiError(problem);
  }
  return parsed as T;
}

/** GETs a path (impure). */
export function get<T>(path: string): Promise<T> {
  return call<T>('GET', path);
}

/** POSTs a JSON body (impure). */
export function post<T>(path: string, body?: unknown): Promise<T> {
  return call<T>('POST', path, body ?? {});
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
