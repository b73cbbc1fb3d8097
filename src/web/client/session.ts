/**
 * Who is signed in: a demo actor in one role, with the token the server issued. Kept in the tab's
 * session storage, so two tabs can act as two actors.
 */
import { post, setToken } from './api.ts';
import type { DemoSession } from '../../protocol/index.ts';
import { createStore } from './store.ts';

/** The signed-in actor and the role it acts in now. */
export interface Session {
  readonly token: string;
  readonly actor: string;
  readonly role: string;
  readonly roles: readonly string[];
  readonly expiresAt: string;
}

const storageKey = 'factum.session';

function restore(): Session | undefined {
  try {
    const text = sessionStorage.getItem(storageKey);
    if (text === null) return undefined;
    const session = JSON.parse(text) as Session;
    if (Date.parse(session.expiresAt) <= Date.now()) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

/** The current session, or undefined when no one is signed in. */
export const sessionStore = createStore<Session | undefined>(restore());
setToken(sessionStore.get()?.token);

/** Signs in as a demo actor in a role (impure: asks the server for a token). */
export async function signIn(actor: string, role: string): Promise<Session> {
  const answer = await post<DemoSession>('/api/demo/session', { actor, role });
  const session: Session = {
    token: answer.token,
    actor: answer.actor,
    role,
    roles: answer.roles,
    expiresAt: answer.expiresAt,
  };
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  setToken(session.token);
  sessionStore.set(session);
  return session;
}

/** Signs out (impure). */
export function signOut(): void {
  sessionStorage.removeItem(storageKey);
  setToken(undefined);
  sessionStore.set(undefined);
}
