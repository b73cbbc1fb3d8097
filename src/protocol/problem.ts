/** A refusal or failure as the API answers it: RFC 9457 `application/problem+json` with a stable `code`. */
import type { JsonValue } from './json.ts';

/** An error response body: the RFC 9457 members plus Factum's `code` and extensions. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  /** With `InvalidPayload` and validation failures: what is wrong, where. */
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
  readonly [extension: string]: JsonValue | undefined;
}
