/** The demo sign-in of the dashboard: the roles it offers and the session it grants. */

/** A role of `GET /api/demo/actors`. */
export interface DemoRole {
  readonly role: string;
  readonly name: string;
  readonly personal: boolean;
  readonly description?: string;
  readonly actors: readonly string[];
}

/** The answer of `POST /api/demo/session`. */
export interface DemoSession {
  readonly token: string;
  readonly actor: string;
  readonly roles: readonly string[];
  readonly expiresAt: string;
}
